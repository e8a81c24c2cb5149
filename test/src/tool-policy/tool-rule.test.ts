import { describe, expect, it } from 'vitest';
import { compileRule, effectiveRule } from '../../../src/tool-policy/tool-rule.js';
import type { ToolPolicy, ToolRule } from '../../../src/store/schema.js';

const rule = (base: ToolRule['base'], allow: string[] = [], deny: string[] = []): ToolRule => ({ base, allow, deny });

describe('deciding a tool', () => {
  it('Given a deny list, When deciding, Then the named tools are denied and the rest allowed', () => {
    const compiled = compileRule(rule('all', [], ['ticks', 'delete_*']));
    expect(compiled.decide('ticks', undefined)).toEqual({ allowed: false, because: 'deny-pattern', pattern: 'ticks' });
    expect(compiled.decide('delete_repo', undefined)).toMatchObject({ allowed: false, pattern: 'delete_*' });
    expect(compiled.decide('echo', undefined)).toEqual({ allowed: true, because: 'base-all' });
  });

  it('Given an exact allow under a prefix deny, When deciding, Then the more specific pattern wins either way', () => {
    const compiled = compileRule(rule('all', ['delete_draft', 'delete_tmp_*'], ['delete_*', 'delete_tmp_keep']));
    expect(compiled.decide('delete_draft', undefined)).toMatchObject({ allowed: true, pattern: 'delete_draft' });
    expect(compiled.decide('delete_tmp_x', undefined)).toMatchObject({ allowed: true, pattern: 'delete_tmp_*' });
    expect(compiled.decide('delete_tmp_keep', undefined)).toMatchObject({ allowed: false, pattern: 'delete_tmp_keep' });
    expect(compiled.decide('delete_repo', undefined)).toMatchObject({ allowed: false, pattern: 'delete_*' });
  });

  it('Given the same pattern on both sides, When deciding, Then deny wins the tie', () => {
    expect(compileRule(rule('all', ['a*'], ['a*'])).decide('ab', undefined).allowed).toBe(false);
  });

  it('Given an only-list, When deciding, Then only the named tools pass', () => {
    const compiled = compileRule(rule('none', ['echo']));
    expect(compiled.decide('echo', undefined).allowed).toBe(true);
    expect(compiled.decide('ticks', true)).toEqual({ allowed: false, because: 'base-none' });
  });

  it('Given a read-only base, When deciding, Then only tools annotated readOnlyHint true pass and unknown ones fail closed', () => {
    const compiled = compileRule(rule('read-only', ['echo']));
    expect(compiled.needsAnnotations).toBe(true);
    expect(compiled.decide('list_issues', true)).toEqual({ allowed: true, because: 'read-only' });
    expect(compiled.decide('create_issue', false)).toEqual({ allowed: false, because: 'not-read-only' });
    expect(compiled.decide('mystery', undefined)).toEqual({ allowed: false, because: 'annotations-unknown' });
    expect(compiled.decide('echo', false).allowed).toBe(true);
  });
});

describe('the rule that applies', () => {
  const policy: ToolPolicy = { rule: rule('all', [], ['ticks']), clients: { readonly: rule('none', ['echo']) } };

  it('Given a client with its own rule, Then it replaces the connection rule for that client only', () => {
    expect(effectiveRule(policy, 'readonly')).toEqual({ rule: policy.clients.readonly, scope: 'client' });
    expect(effectiveRule(policy, 'cursor')).toEqual({ rule: policy.rule, scope: 'connection' });
    expect(effectiveRule(policy, null)).toEqual({ rule: policy.rule, scope: 'connection' });
  });

  it('Given client names that are Object.prototype keys, Then they never read as rules', () => {
    expect(effectiveRule({ rule: null, clients: {} }, 'constructor')).toBeUndefined();
    expect(effectiveRule({ rule: null, clients: {} }, 'toString')).toBeUndefined();
    expect(effectiveRule(policy, 'hasOwnProperty')).toEqual({ rule: policy.rule, scope: 'connection' });
  });

  it('Given no policy or no connection rule, Then every tool may pass', () => {
    expect(effectiveRule(undefined, 'cursor')).toBeUndefined();
    expect(effectiveRule({ rule: null, clients: { readonly: rule('none') } }, 'cursor')).toBeUndefined();
  });
});
