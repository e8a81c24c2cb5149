import { describe, expect, it } from 'vitest';
import { applyToolRuleChange, withoutClient } from '../../../src/tool-policy/rule-edit.js';
import { describeToolRule } from '../../../src/tool-policy/rule-text.js';
import { compileRule, effectiveRule } from '../../../src/tool-policy/tool-rule.js';
import type { ToolPolicy } from '../../../src/store/schema.js';

const allowedFor = (policy: ToolPolicy | undefined, client: string | null, tool: string, readOnly?: boolean) => {
  const rule = effectiveRule(policy, client);
  return rule === undefined ? true : compileRule(rule.rule).decide(tool, readOnly).allowed;
};

describe('changing a tool policy', () => {
  it('Given --deny ticks then --allow ticks, Then ticks is denied, then the policy is gone again', () => {
    const denied = applyToolRuleChange(undefined, null, { kind: 'deny', tools: ['ticks'] });
    expect(denied).toEqual({ rule: { base: 'all', allow: [], deny: ['ticks'] }, clients: {} });
    expect(allowedFor(denied, 'cursor', 'ticks')).toBe(false);
    expect(applyToolRuleChange(denied, null, { kind: 'allow', tools: ['ticks'] })).toBeUndefined();
  });

  it('Given a prefix deny, When one tool under it is allowed, Then that tool alone comes back', () => {
    const denied = applyToolRuleChange(undefined, null, { kind: 'deny', tools: ['delete_*'] });
    const back = applyToolRuleChange(denied, null, { kind: 'allow', tools: ['delete_draft'] });
    expect(back?.rule).toEqual({ base: 'all', allow: ['delete_draft'], deny: ['delete_*'] });
    expect(allowedFor(back, null, 'delete_draft')).toBe(true);
    expect(allowedFor(back, null, 'delete_repo')).toBe(false);
    expect(describeToolRule(back!.rule)).toBe('every tool except delete_*, but delete_draft');
  });

  it('Given allowed exceptions, When a broader deny follows, Then the later, broader change wins', () => {
    const start: ToolPolicy = { rule: { base: 'all', allow: ['delete_draft'], deny: ['delete_*'] }, clients: {} };
    const next = applyToolRuleChange(start, null, { kind: 'deny', tools: ['delete_*'] });
    expect(next?.rule).toEqual({ base: 'all', allow: [], deny: ['delete_*'] });
    expect(allowedFor(next, null, 'delete_draft')).toBe(false);
  });

  it('Given --client readonly --only echo, Then that client sees only echo and others keep the connection rule', () => {
    const base = applyToolRuleChange(undefined, null, { kind: 'deny', tools: ['ticks'] });
    const policy = applyToolRuleChange(base, 'readonly', { kind: 'only', tools: ['echo'] });
    expect(allowedFor(policy, 'readonly', 'echo')).toBe(true);
    expect(allowedFor(policy, 'readonly', 'count')).toBe(false);
    expect(allowedFor(policy, 'cursor', 'count')).toBe(true);
    expect(allowedFor(policy, 'cursor', 'ticks')).toBe(false);
    expect(describeToolRule(policy!.clients.readonly!)).toBe('only echo');
  });

  it("Given a client's first change, Then its rule starts as a copy of the connection's rule", () => {
    const base = applyToolRuleChange(undefined, null, { kind: 'read-only' });
    const policy = applyToolRuleChange(base, 'cursor', { kind: 'deny', tools: ['search'] });
    expect(policy?.clients.cursor).toEqual({ base: 'read-only', allow: [], deny: ['search'] });
    expect(allowedFor(policy, 'cursor', 'list', true)).toBe(true);
    expect(allowedFor(policy, 'cursor', 'search', true)).toBe(false);
    expect(allowedFor(policy, 'other', 'search', true)).toBe(true);
  });

  it('Given --read-only, When allowing one more tool, Then it is an exception to the read-only base', () => {
    const policy = applyToolRuleChange(applyToolRuleChange(undefined, null, { kind: 'read-only' }), null, {
      kind: 'allow',
      tools: ['echo'],
    });
    expect(policy?.rule).toEqual({ base: 'read-only', allow: ['echo'], deny: [] });
    expect(describeToolRule(policy!.rule)).toBe('read-only tools and echo');
  });

  it("Given a client's reset, Then the client follows the connection again; a connection reset lets every tool through", () => {
    const policy = applyToolRuleChange(
      applyToolRuleChange(undefined, null, { kind: 'deny', tools: ['ticks'] }),
      'readonly',
      { kind: 'only', tools: ['echo'] },
    );
    const clientReset = applyToolRuleChange(policy, 'readonly', { kind: 'reset' });
    expect(clientReset).toEqual({ rule: policy!.rule, clients: {} });
    expect(applyToolRuleChange(clientReset, null, { kind: 'reset' })).toBeUndefined();
    expect(applyToolRuleChange(policy, null, { kind: 'reset' })).toEqual({ rule: null, clients: policy!.clients });
  });

  it('Given a client rule that allows everything, Then it stays (it overrides a narrower connection rule)', () => {
    const policy = applyToolRuleChange(
      applyToolRuleChange(undefined, null, { kind: 'only', tools: ['echo'] }),
      'trusted',
      { kind: 'allow', tools: ['*'] },
    );
    expect(allowedFor(policy, 'trusted', 'ticks')).toBe(true);
    expect(allowedFor(policy, 'other', 'ticks')).toBe(false);
  });

  it('Given a removed client, Then its rule goes and the policy stays valid', () => {
    const policy = applyToolRuleChange(undefined, 'readonly', { kind: 'only', tools: ['echo'] });
    expect(withoutClient(policy, 'readonly')).toBeUndefined();
    expect(withoutClient(policy, 'constructor')).toBe(policy);
  });

  it('Given more than 500 patterns, Then the change is refused with the fix', () => {
    const many = Array.from({ length: 501 }, (_, index) => `tool${index}`);
    expect(() => applyToolRuleChange(undefined, null, { kind: 'deny', tools: many })).toThrow(/prefix\*/);
  });

  it('Given each rule, Then it reads in words', () => {
    expect(describeToolRule(null)).toBe('every tool');
    expect(describeToolRule({ base: 'none', allow: [], deny: [] })).toBe('no tool');
    expect(describeToolRule({ base: 'read-only', allow: [], deny: ['x'] })).toBe('read-only tools except x');
  });
});
