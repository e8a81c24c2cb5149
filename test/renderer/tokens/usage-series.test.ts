import { describe, expect, it } from 'vitest';
import type { QuotaSummary } from '../../../src/contract/dto.js';
import { periodStartDate, usageSeries } from '../../../renderer/src/tokens/usage-series.js';

const quota = (resetsAt: string | null): QuotaSummary => ({
  limit: resetsAt ? 100 : null,
  used: 0,
  resetsAt,
  account: null,
  provider: null,
});

describe('usageSeries', () => {
  it('Given a quota resetting on the 1st, the running total starts at the period start', () => {
    const local = new Date(2026, 11, 1).toISOString();
    expect(periodStartDate(quota(local))).toBe('2026-11-01');
    const series = usageSeries(
      [
        { date: '2026-10-31', calls: 5 },
        { date: '2026-11-01', calls: 2 },
        { date: '2026-11-02', calls: 3 },
      ],
      quota(local),
    );
    expect(series.map((point) => point.periodTotal)).toEqual([null, 2, 5]);
  });

  it('Given no quota, there is no running total', () => {
    expect(usageSeries([{ date: '2026-11-01', calls: 2 }], quota(null))[0]?.periodTotal).toBeNull();
  });
});
