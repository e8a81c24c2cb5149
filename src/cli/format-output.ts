/** Human output for the CLI: plain-text tables and relative times. */
import { localDateKey } from '../tokens/local-date.js';

const DAY_MS = 86_400_000;

export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** Local calendar date YYYY-MM-DD. */
export function localDate(iso: string): string {
  return localDateKey(new Date(iso));
}

export function relativeTime(iso: string, now: Date): string {
  const delta = Date.parse(iso) - now.getTime();
  const abs = Math.abs(delta);
  const [amount, unit] =
    abs >= DAY_MS
      ? [Math.round(abs / DAY_MS), 'day']
      : abs >= 3_600_000
        ? [Math.floor(abs / 3_600_000), 'hour']
        : [Math.max(1, Math.floor(abs / 60_000)), 'minute'];
  const text = `${amount} ${unit}${amount === 1 ? '' : 's'}`;
  return delta >= 0 ? `in ${text}` : `${text} ago`;
}
