import { describe, expect, it } from 'vitest';
import {
  parseToolPatterns,
  patternCovers,
  patternMatches,
  toolPatternProblem,
} from '../../../src/tool-policy/tool-pattern.js';

describe('tool patterns', () => {
  it('Given exact names and prefix*, When matching, Then an exact name matches only itself and a prefix every name it starts', () => {
    expect(patternMatches('ticks', 'ticks')).toBe(true);
    expect(patternMatches('ticks', 'ticks2')).toBe(false);
    expect(patternMatches('ticks', 'Ticks')).toBe(false);
    expect(patternMatches('delete_*', 'delete_repo')).toBe(true);
    expect(patternMatches('delete_*', 'delete_')).toBe(true);
    expect(patternMatches('delete_*', 'undelete_repo')).toBe(false);
    expect(patternMatches('*', 'anything')).toBe(true);
  });

  it('Given two patterns, When asking whether one covers the other, Then a prefix covers longer prefixes and the names under it', () => {
    expect(patternCovers('delete_*', 'delete_repo')).toBe(true);
    expect(patternCovers('delete_*', 'delete_re*')).toBe(true);
    expect(patternCovers('delete_re*', 'delete_*')).toBe(false);
    expect(patternCovers('echo', 'echo')).toBe(true);
    expect(patternCovers('echo', 'echo*')).toBe(false);
    expect(patternCovers('*', 'x*')).toBe(true);
  });

  it('Given an option value, When parsing it, Then names are trimmed, repeats dropped and empty pieces skipped', () => {
    expect(parseToolPatterns(' ticks , delete_*,ticks,,', '--deny')).toEqual(['ticks', 'delete_*']);
    expect(parseToolPatterns('*', '--allow')).toEqual(['*']);
  });

  it.each([
    ['', /empty tool name/],
    ['a*b', /\* that is not at its end/],
    ['two words', /space, a comma or a control character/],
    ['tab\there', /control character/],
    ['x'.repeat(257), /longer than 256/],
  ])('Given the bad value %j, When parsing it, Then the error names the option and the form', (value, problem) => {
    expect(() => parseToolPatterns(value, '--deny')).toThrow(problem);
    expect(() => parseToolPatterns(value, '--deny')).toThrow(/--deny takes tool names separated by commas/);
  });

  it('Given a name with a newline, When it is reported, Then the message shows no raw control character', () => {
    const problem = toolPatternProblem('a\nb');
    expect(problem).toContain('a?b');
    expect(problem).not.toContain('\n');
  });
});
