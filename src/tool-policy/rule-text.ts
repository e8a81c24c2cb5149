/** A tool rule in words, for `keyport tools` and the app: "every tool except ticks", "only echo". */
import { assertNever } from '../errors.js';
import type { ToolRule } from '../store/schema.js';

function list(patterns: readonly string[]): string {
  return patterns.join(', ');
}

export function describeToolRule(rule: ToolRule | null): string {
  if (rule === null) return 'every tool';
  const except = rule.deny.length > 0 ? ` except ${list(rule.deny)}` : '';
  switch (rule.base) {
    case 'all':
      return `every tool${except}${rule.allow.length > 0 ? `, but ${list(rule.allow)}` : ''}`;
    case 'none':
      return rule.allow.length > 0 ? `only ${list(rule.allow)}${except}` : 'no tool';
    case 'read-only':
      return `read-only tools${rule.allow.length > 0 ? ` and ${list(rule.allow)}` : ''}${except}`;
    default:
      return assertNever(rule.base);
  }
}
