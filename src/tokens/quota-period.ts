/**
 * Billing periods of a quota that resets on day `resetDay` (1–28) of each month at local
 * midnight (the user's time zone, DST included: periods are calendar months, not 30×24 h).
 */
import { KeyportError } from '../errors.js';

export interface QuotaPeriod {
  readonly start: Date;
  /** Start of the next period: when the count resets. */
  readonly next: Date;
}

export function validateResetDay(resetDay: number): number {
  if (!Number.isInteger(resetDay) || resetDay < 1 || resetDay > 28) {
    throw new KeyportError(
      'INVALID_INPUT',
      `The reset day must be a whole number from 1 to 28 (every month has it), not ${resetDay}.`,
    );
  }
  return resetDay;
}

export function quotaPeriod(resetDay: number, now: Date): QuotaPeriod {
  validateResetDay(resetDay);
  const thisMonth = new Date(now.getFullYear(), now.getMonth(), resetDay);
  const start =
    now.getTime() >= thisMonth.getTime() ? thisMonth : new Date(now.getFullYear(), now.getMonth() - 1, resetDay);
  return { start, next: new Date(start.getFullYear(), start.getMonth() + 1, resetDay) };
}

/** Calls counted in the current period, given what usage.json holds (0 once the period rolled over). */
export function usedInPeriod(
  stored: { periodStart: string; calls: number } | null | undefined,
  period: QuotaPeriod,
): number {
  if (!stored) return 0;
  return Date.parse(stored.periodStart) === period.start.getTime() ? stored.calls : 0;
}
