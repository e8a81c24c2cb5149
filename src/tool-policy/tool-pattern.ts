/**
 * Tool patterns, as `keyport tools --deny/--allow/--only` take them: a tool's exact name, or a
 * prefix followed by a trailing `*` (`delete_*`; `*` alone names every tool). Names are compared
 * exactly (case-sensitive), as MCP servers compare them. Pure: the proxy, the core and the CLI
 * share it.
 */
import { KeyportError } from '../errors.js';

/** MCP tool names are 1–128 characters; some servers go further, so patterns may be twice that. */
export const MAX_TOOL_PATTERN_LENGTH = 256;
/** Patterns one rule may hold on each side (allow, deny). */
export const MAX_RULE_PATTERNS = 500;

// Whitespace, control characters and commas cannot be part of a pattern (commas separate them).
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\s,\u0000-\u001f\u007f]/u;

/** Why `pattern` is not a tool pattern, or undefined when it is one. */
export function toolPatternProblem(pattern: string): string | undefined {
  if (pattern.length === 0) return 'an empty tool name';
  if (pattern.length > MAX_TOOL_PATTERN_LENGTH) return `a tool name longer than ${MAX_TOOL_PATTERN_LENGTH} characters`;
  if (FORBIDDEN.test(pattern)) return `"${printable(pattern)}" holds a space, a comma or a control character`;
  const star = pattern.indexOf('*');
  if (star !== -1 && star !== pattern.length - 1) return `"${printable(pattern)}" has a * that is not at its end`;
  return undefined;
}

export function isToolPattern(pattern: string): boolean {
  return toolPatternProblem(pattern) === undefined;
}

function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/gu, '?').slice(0, 80);
}

/**
 * Reads the comma-separated list of an option (`--deny delete_*,ticks`): trimmed, without
 * repeats, in the given order. Throws INVALID_INPUT naming the option and the fix.
 */
export function parseToolPatterns(text: string, option: string): string[] {
  const parts = text.split(',').map((part) => part.trim());
  return validateToolPatterns(text.trim() === '' ? [''] : parts.filter((part) => part !== ''), option);
}

/** The patterns, each checked, without repeats; throws INVALID_INPUT naming the option and the fix. */
export function validateToolPatterns(given: readonly string[], option: string): string[] {
  const patterns: string[] = [];
  for (const pattern of given.length === 0 ? [''] : given) {
    const problem = toolPatternProblem(pattern);
    if (problem !== undefined) {
      throw new KeyportError(
        'INVALID_INPUT',
        `${option} takes tool names separated by commas, each optionally ending in * (e.g. ${option} ticks,delete_*); got ${problem}.`,
      );
    }
    if (!patterns.includes(pattern)) patterns.push(pattern);
  }
  if (patterns.length > MAX_RULE_PATTERNS) {
    throw new KeyportError('INVALID_INPUT', `${option} takes at most ${MAX_RULE_PATTERNS} tool names; use a prefix*.`);
  }
  return patterns;
}

export function isPrefixPattern(pattern: string): boolean {
  return pattern.endsWith('*');
}

/** The part of a pattern a name must equal (exact) or start with (prefix). */
function stem(pattern: string): string {
  return isPrefixPattern(pattern) ? pattern.slice(0, -1) : pattern;
}

export function patternMatches(pattern: string, name: string): boolean {
  return isPrefixPattern(pattern) ? name.startsWith(stem(pattern)) : name === pattern;
}

/** Whether every name `narrow` matches, `broad` matches too. */
export function patternCovers(broad: string, narrow: string): boolean {
  if (!isPrefixPattern(broad)) return broad === narrow;
  return stem(narrow).startsWith(stem(broad));
}

/**
 * How specific a pattern is, for the most specific match to win: an exact name beats every
 * prefix, a longer prefix beats a shorter one (`*` is the least specific of all).
 */
export function patternSpecificity(pattern: string): number {
  return isPrefixPattern(pattern) ? pattern.length - 1 : Number.MAX_SAFE_INTEGER;
}
