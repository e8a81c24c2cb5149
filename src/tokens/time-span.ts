/** Spans of time and counts in words for messages: "5 days", "3 hours", "12 min", "1,234". Pure. */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const counts = new Intl.NumberFormat('en-US');

/** 1234 → "1,234". */
export function formatCount(value: number): string {
  return counts.format(value);
}

export function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * "5 days", "3 hours", "12 min" — the coarsest unit that is at least 1 (the sign is ignored).
 * Days are rounded, as `keyport list` and the app's relative dates round them: 47 hours is "2 days".
 */
export function formatSpan(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= DAY) return plural(Math.round(abs / DAY), 'day');
  if (abs >= HOUR) return plural(Math.floor(abs / HOUR), 'hour');
  return `${Math.max(1, Math.floor(abs / MINUTE))} min`;
}

/** "3 min ago" for a moment in the past ("just now" under a minute; a clock a little behind never says "in"). */
export function formatAgo(iso: string, now: Date): string {
  const ago = now.getTime() - Date.parse(iso);
  return ago < MINUTE ? 'just now' : `${formatSpan(ago)} ago`;
}
