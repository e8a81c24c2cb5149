/**
 * Changing a connection's tool policy, one scope at a time (the connection's rule, or one
 * client's): what `keyport tools --deny/--allow/--only/--read-only/--reset` and the app's switches
 * do. Pure: a policy in, a new policy out. The later change wins within its scope — a pattern
 * added on one side drops the patterns it covers from both sides.
 */
import type { ToolRuleChangeInput } from '../contract/dto.js';
import { assertNever, KeyportError } from '../errors.js';
import type { ToolPolicy, ToolRule } from '../store/schema.js';
import { MAX_RULE_PATTERNS, patternCovers } from './tool-pattern.js';

export type ToolRuleChange = ToolRuleChangeInput;

const ALL: ToolRule = { base: 'all', allow: [], deny: [] };

function withPattern(rule: ToolRule, pattern: string, side: 'allow' | 'deny'): ToolRule {
  const keep = (patterns: readonly string[]) => patterns.filter((existing) => !patternCovers(pattern, existing));
  const allow = keep(rule.allow);
  const deny = keep(rule.deny);
  // Allowing under a base that lets everything through, with no deny pattern left, needs no pattern.
  if (side === 'allow' && !(rule.base === 'all' && !deny.some((denied) => overlaps(denied, pattern)))) {
    allow.push(pattern);
  }
  if (side === 'deny') deny.push(pattern);
  return { base: rule.base, allow, deny };
}

/** Whether some tool name could match both patterns. */
function overlaps(a: string, b: string): boolean {
  return patternCovers(a, b) || patternCovers(b, a);
}

function changed(rule: ToolRule, change: ToolRuleChange): ToolRule | null {
  switch (change.kind) {
    case 'deny':
      return change.tools.reduce((next, tool) => withPattern(next, tool, 'deny'), rule);
    case 'allow':
      return change.tools.reduce((next, tool) => withPattern(next, tool, 'allow'), rule);
    case 'only':
      return { base: 'none', allow: [...change.tools], deny: [] };
    case 'read-only':
      return { base: 'read-only', allow: [], deny: [] };
    case 'reset':
      return null;
    default:
      return assertNever(change);
  }
}

/**
 * Applies `change` to the connection's rule (client null) or to `client`'s. A client's first
 * rule starts as a copy of the connection's rule, so denying one tool to one client keeps every
 * other limit it had. `reset` removes the scope's rule: the client follows the connection's rule
 * again; the connection lets every tool through.
 */
export function applyToolRuleChange(
  policy: ToolPolicy | undefined,
  client: string | null,
  change: ToolRuleChange,
): ToolPolicy | undefined {
  const current: ToolPolicy = policy ?? { rule: null, clients: {} };
  const clients: Record<string, ToolRule> = { ...current.clients };
  const own = client !== null && Object.hasOwn(clients, client) ? clients[client] : undefined;
  const start = client === null ? (current.rule ?? ALL) : (own ?? current.rule ?? ALL);
  const next = changed(start, change);
  if (next !== null && (next.allow.length > MAX_RULE_PATTERNS || next.deny.length > MAX_RULE_PATTERNS)) {
    throw new KeyportError(
      'INVALID_INPUT',
      `A tool rule holds at most ${MAX_RULE_PATTERNS} names on each side; name them with a prefix* instead, or start over with --reset.`,
    );
  }
  let rule = current.rule;
  if (client === null) {
    // A connection rule that lets every tool through is no rule at all.
    rule = next === null || isAllowAll(next) ? null : next;
  } else if (next === null) {
    delete clients[client];
  } else {
    clients[client] = next;
  }
  return rule === null && Object.keys(clients).length === 0 ? undefined : { rule, clients };
}

export function isAllowAll(rule: ToolRule): boolean {
  return rule.base === 'all' && rule.deny.length === 0;
}

/** The policy without `client`'s rule (the client was removed). */
export function withoutClient(policy: ToolPolicy | undefined, client: string): ToolPolicy | undefined {
  if (policy === undefined || !Object.hasOwn(policy.clients, client)) return policy;
  return applyToolRuleChange(policy, client, { kind: 'reset' });
}
