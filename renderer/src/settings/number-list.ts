/** Number inputs ⇄ settings: empty means "not set"; a pair of warning thresholds ⇄ a list. */
export type Pair = readonly [string, string];

/** A positive number typed into a field, or null when empty or not a positive number. */
export function numberOrNull(text: string): number | null {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : null;
}

/** The first two thresholds, largest first (e.g. days before expiry [7, 1]); missing ones are empty. */
export function pairOf(values: readonly number[]): Pair {
  return [values[0] === undefined ? '' : String(values[0]), values[1] === undefined ? '' : String(values[1])];
}

/** The thresholds entered, whole and positive, without repeats. */
export function pairFrom(pair: Pair): number[] {
  const values = pair.map(numberOrNull).filter((value): value is number => value !== null && Number.isInteger(value));
  return [...new Set(values)];
}
