/**
 * Counts by name (per JSON-RPC method, per client, per day) as usage.json keeps them. The names of
 * methods come from requests, so they are untrusted: counts live in null-prototype objects (or
 * Maps), where `constructor`, `__proto__` or `hasOwnProperty` are plain keys — on a normal object
 * `counts.constructor + 1` is a string and `counts.__proto__ = 1` changes nothing, and one such
 * request once made every later usage write fail. Distinct method names per connection are capped:
 * past MAX_METHOD_NAMES, new ones are counted under OTHER_METHODS, so usage.json stays small.
 */
export const MAX_METHOD_NAMES = 200;
export const OTHER_METHODS = 'other';

export type Counts = Record<string, number>;

/** A null-prototype copy of `source` (entries of a Map or own entries of an object). */
export function countsOf(source: Iterable<readonly [string, number]> | Readonly<Counts> = []): Counts {
  const counts = Object.create(null) as Counts;
  const entries = Symbol.iterator in source ? source : Object.entries(source);
  for (const [key, value] of entries as Iterable<readonly [string, number]>) counts[key] = value;
  return counts;
}

/**
 * Adds `count` under `key` in `counts` (a Map or a null-prototype object), or under OTHER_METHODS
 * when `key` is new and `cap` names are there already.
 */
export function addCount(counts: Map<string, number>, key: string, count: number, cap?: number): void;
export function addCount(counts: Counts, key: string, count: number, cap?: number): void;
export function addCount(counts: Map<string, number> | Counts, key: string, count: number, cap?: number): void {
  if (counts instanceof Map) {
    const name = cap !== undefined && !counts.has(key) && counts.size >= cap ? OTHER_METHODS : key;
    counts.set(name, (counts.get(name) ?? 0) + count);
    return;
  }
  const known = Object.hasOwn(counts, key);
  const name = cap !== undefined && !known && Object.keys(counts).length >= cap ? OTHER_METHODS : key;
  counts[name] = (Object.hasOwn(counts, name) ? counts[name]! : 0) + count;
}

/** `stored` plus `delta`, as a new null-prototype object (capped at `cap` names when given). */
export function mergeCounts(stored: Readonly<Counts>, delta: Readonly<Counts> | undefined, cap?: number): Counts {
  const merged = countsOf(stored);
  for (const [key, count] of Object.entries(delta ?? {})) addCount(merged, key, count, cap);
  return merged;
}
