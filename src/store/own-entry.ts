/**
 * A record's own entry: metadata and usage records are plain objects keyed by names people choose,
 * and `constructor` is a valid name — `record[name]` would find Object's constructor for it.
 */
export function ownEntry<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
