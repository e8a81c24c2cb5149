/** A connection name from what was detected ("GitHub" → "github", "mcp.acme.io" → "acme"), free among `taken`. */
import { NAME_PATTERN } from '../../../src/store/name-pattern.js';

export function suggestName(provider: string, taken: readonly string[]): string | null {
  const base = provider
    .toLowerCase()
    .replace(/^(www|mcp|api)\./, '')
    .replace(/\.[a-z]+$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  if (!NAME_PATTERN.test(base)) return null;
  if (!taken.includes(base)) return base;
  for (let index = 2; index < 100; index += 1) {
    const candidate = `${base}-${index}`;
    if (!taken.includes(candidate)) return candidate;
  }
  return null;
}
