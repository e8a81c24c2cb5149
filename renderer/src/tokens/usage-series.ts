import type { DailyCalls, QuotaSummary } from '../../../src/contract/dto.js';
import { localDateKey } from '../../../src/tokens/local-date.js';
import { periodStartOf } from '../../../src/tokens/quota-pace.js';

export interface UsagePoint {
  readonly date: string;
  readonly calls: number;
  /** Calls counted so far in the quota period that contains `date`; null before the period starts. */
  readonly periodTotal: number | null;
}

/** The day the current quota period began (one month before its reset), as YYYY-MM-DD; null without a quota. */
export function periodStartDate(quota: QuotaSummary): string | null {
  return quota.resetsAt === null ? null : localDateKey(periodStartOf(quota.resetsAt));
}

/** Daily calls plus the running total within the current period, to draw against the quota line. */
export function usageSeries(days: readonly DailyCalls[], quota: QuotaSummary): UsagePoint[] {
  const start = periodStartDate(quota);
  let total = 0;
  return days.map((day) => {
    if (start === null || day.date < start) return { ...day, periodTotal: null };
    total += day.calls;
    return { ...day, periodTotal: total };
  });
}
