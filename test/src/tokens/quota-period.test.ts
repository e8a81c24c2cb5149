// Quota periods in several time zones: this file sets process.env.TZ (Node re-reads it), so
// every local-time computation below runs in the zone under test.
import { afterAll, describe, expect, it } from 'vitest';
import { quotaPeriod, usedInPeriod, validateResetDay } from '../../../src/tokens/quota-period.js';
import { parseExpiry } from '../../../src/tokens/expiry.js';

const originalTz = process.env.TZ;
afterAll(() => {
  process.env.TZ = originalTz;
});

function inZone(zone: string, body: () => void): () => void {
  return () => {
    process.env.TZ = zone;
    try {
      body();
    } finally {
      process.env.TZ = originalTz;
    }
  };
}

describe('quota periods', () => {
  it(
    'Given reset day 1 in UTC, then the period is the calendar month and rolls over at midnight',
    inZone('UTC', () => {
      const period = quotaPeriod(1, new Date('2026-03-31T23:59:59.999Z'));
      expect(period.start.toISOString()).toBe('2026-03-01T00:00:00.000Z');
      expect(period.next.toISOString()).toBe('2026-04-01T00:00:00.000Z');
      expect(quotaPeriod(1, new Date('2026-04-01T00:00:00.000Z')).start.toISOString()).toBe('2026-04-01T00:00:00.000Z');
    }),
  );

  it(
    'Given reset day 15 before the 15th, then the period began on the 15th of the previous month (across a year end)',
    inZone('UTC', () => {
      const period = quotaPeriod(15, new Date('2026-01-10T08:00:00.000Z'));
      expect(period.start.toISOString()).toBe('2025-12-15T00:00:00.000Z');
      expect(period.next.toISOString()).toBe('2026-01-15T00:00:00.000Z');
    }),
  );

  it(
    'Given reset day 28 in February of a leap year and a short month, then the dates exist and stay on the 28th',
    inZone('UTC', () => {
      expect(quotaPeriod(28, new Date('2028-02-29T12:00:00.000Z')).next.toISOString()).toBe('2028-03-28T00:00:00.000Z');
      expect(quotaPeriod(28, new Date('2026-03-01T12:00:00.000Z')).start.toISOString()).toBe(
        '2026-02-28T00:00:00.000Z',
      );
    }),
  );

  it(
    'Given New York across the March DST change, then the period starts at local midnight before and after',
    inZone('America/New_York', () => {
      // DST begins 2026-03-08; the period Mar 1 → Apr 1 is 31 days minus one hour long.
      const period = quotaPeriod(1, new Date('2026-03-20T12:00:00.000Z'));
      expect(period.start.toISOString()).toBe('2026-03-01T05:00:00.000Z');
      expect(period.next.toISOString()).toBe('2026-04-01T04:00:00.000Z');
      // 04:30 UTC on Apr 1 is still March 31 in New York (00:30 EDT is 04:30 UTC → Apr 1): check both sides.
      expect(quotaPeriod(1, new Date('2026-04-01T03:59:59.000Z')).start.toISOString()).toBe('2026-03-01T05:00:00.000Z');
      expect(quotaPeriod(1, new Date('2026-04-01T04:00:00.000Z')).start.toISOString()).toBe('2026-04-01T04:00:00.000Z');
    }),
  );

  it(
    'Given Berlin at the October DST end, then reset day 25 starts at local midnight (CEST) and the next at CET',
    inZone('Europe/Berlin', () => {
      // DST ends 2026-10-25 at 03:00 local; midnight that day is still CEST (UTC+2).
      const period = quotaPeriod(25, new Date('2026-10-30T12:00:00.000Z'));
      expect(period.start.toISOString()).toBe('2026-10-24T22:00:00.000Z');
      expect(period.next.toISOString()).toBe('2026-11-24T23:00:00.000Z');
    }),
  );

  it(
    'Given Sydney (southern DST, ahead of UTC), then the local month boundary falls on the previous UTC day',
    inZone('Australia/Sydney', () => {
      // DST starts 2026-10-04; Oct 1 00:00 is AEST (UTC+10), Nov 1 00:00 is AEDT (UTC+11).
      const period = quotaPeriod(1, new Date('2026-10-15T00:00:00.000Z'));
      expect(period.start.toISOString()).toBe('2026-09-30T14:00:00.000Z');
      expect(period.next.toISOString()).toBe('2026-10-31T13:00:00.000Z');
      // 2026-10-31T13:30Z is already Nov 1 in Sydney: a new period.
      expect(quotaPeriod(1, new Date('2026-10-31T13:30:00.000Z')).start.toISOString()).toBe('2026-10-31T13:00:00.000Z');
    }),
  );

  it(
    'Given a 30d expiry across the New York DST change, then the wall-clock time is kept',
    inZone('America/New_York', () => {
      const now = new Date('2026-03-01T15:00:00.000Z'); // 10:00 EST
      const at = parseExpiry('30d', now);
      expect(at?.toISOString()).toBe('2026-03-31T14:00:00.000Z'); // 10:00 EDT
    }),
  );

  it('Given stored usage for the current period, then it counts; for an older one, 0 (rollover)', () => {
    const period = { start: new Date('2026-03-01T00:00:00.000Z'), next: new Date('2026-04-01T00:00:00.000Z') };
    expect(usedInPeriod({ periodStart: '2026-03-01T00:00:00.000Z', calls: 42 }, period)).toBe(42);
    expect(usedInPeriod({ periodStart: '2026-02-01T00:00:00.000Z', calls: 4999 }, period)).toBe(0);
    expect(usedInPeriod(null, period)).toBe(0);
  });

  it.each([0, 29, 1.5])('Given reset day %s, then it is refused (1–28 only)', (day) => {
    expect(() => validateResetDay(day)).toThrow(/1 to 28/);
  });
});
