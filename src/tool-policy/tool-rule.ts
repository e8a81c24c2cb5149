/**
 * Deciding whether a rule lets a tool through. The most specific pattern naming the tool wins
 * (tool-pattern.ts: exact name, then the longest prefix); deny wins a tie; a tool no pattern names
 * gets the rule's base: every tool, none, or only tools annotated `readOnlyHint: true` — a tool
 * whose annotations are unknown is not read-only (the rule fails closed).
 */
import { assertNever } from '../errors.js';
import type { ToolPolicy, ToolRule } from '../store/schema.js';
import { isPrefixPattern, patternSpecificity } from './tool-pattern.js';

/** Why a tool is allowed or denied: a pattern of the rule, or its base. */
export type ToolVerdict =
  | { readonly allowed: true; readonly because: 'allow-pattern'; readonly pattern: string }
  | { readonly allowed: false; readonly because: 'deny-pattern'; readonly pattern: string }
  | { readonly allowed: true; readonly because: 'base-all' | 'read-only' }
  | { readonly allowed: false; readonly because: 'base-none' | 'not-read-only' | 'annotations-unknown' };

/** A rule prepared for many decisions: exact names in sets, prefixes longest first. */
export interface CompiledRule {
  readonly rule: ToolRule;
  /**
   * `readOnly`: the tool's `readOnlyHint` (true/false), or undefined when its annotations are not
   * known; only a read-only base looks at it.
   */
  decide(name: string, readOnly: boolean | undefined): ToolVerdict;
  /** True when the decision never depends on annotations (no read-only base). */
  readonly needsAnnotations: boolean;
}

interface Side {
  readonly exact: ReadonlySet<string>;
  /** Prefix patterns (without `*`), longest first. */
  readonly prefixes: readonly string[];
}

function side(patterns: readonly string[]): Side {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const pattern of patterns) {
    if (isPrefixPattern(pattern)) prefixes.push(pattern.slice(0, -1));
    else exact.add(pattern);
  }
  prefixes.sort((a, b) => b.length - a.length);
  return { exact, prefixes };
}

/** The specificity and pattern of the most specific match on one side; undefined when none. */
function bestMatch(on: Side, name: string): { readonly specificity: number; readonly pattern: string } | undefined {
  if (on.exact.has(name)) return { specificity: patternSpecificity(name), pattern: name };
  for (const prefix of on.prefixes) {
    if (name.startsWith(prefix)) return { specificity: prefix.length, pattern: `${prefix}*` };
  }
  return undefined;
}

export function compileRule(rule: ToolRule): CompiledRule {
  const allow = side(rule.allow);
  const deny = side(rule.deny);
  return {
    rule,
    needsAnnotations: rule.base === 'read-only',
    decide(name, readOnly) {
      const denied = bestMatch(deny, name);
      const allowed = bestMatch(allow, name);
      if (denied !== undefined && (allowed === undefined || denied.specificity >= allowed.specificity)) {
        return { allowed: false, because: 'deny-pattern', pattern: denied.pattern };
      }
      if (allowed !== undefined) return { allowed: true, because: 'allow-pattern', pattern: allowed.pattern };
      switch (rule.base) {
        case 'all':
          return { allowed: true, because: 'base-all' };
        case 'none':
          return { allowed: false, because: 'base-none' };
        case 'read-only':
          if (readOnly === true) return { allowed: true, because: 'read-only' };
          return { allowed: false, because: readOnly === false ? 'not-read-only' : 'annotations-unknown' };
        default:
          return assertNever(rule.base);
      }
    },
  };
}

/** Whose rule applies to a request: the client's own, else the connection's. */
export type RuleScope = 'client' | 'connection';

export interface EffectiveRule {
  readonly rule: ToolRule;
  readonly scope: RuleScope;
}

/** The rule that applies to `client` (null: a keyless request); undefined when every tool may pass. */
export function effectiveRule(policy: ToolPolicy | undefined, client: string | null): EffectiveRule | undefined {
  if (policy === undefined) return undefined;
  // Client names are plain keys of a parsed object: only its own properties count (`constructor`).
  if (client !== null && Object.hasOwn(policy.clients, client)) {
    return { rule: policy.clients[client]!, scope: 'client' };
  }
  return policy.rule === null ? undefined : { rule: policy.rule, scope: 'connection' };
}
