import { describe, expect, it } from 'vitest';
import { expiryStatus, parseExpiry } from '../../../src/tokens/expiry.js';
import { isRotationDue, tokenAgeDays } from '../../../src/tokens/token-age.js';

const now = new Date('2026-03-10T12:00:00.000Z');

/** Whole local calendar days from `now` to the expiry `input` gives. */
function daysTo(input: string): number {
  const at = parseExpiry(input, now)!;
  const midnight = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
  return Math.round((midnight(at) - midnight(now)) / 86_400_000);
}

describe('expiry presets', () => {
  it('Given 7d/30d/90d, then the expiry is that many calendar days later', () => {
    expect(daysTo('7d')).toBe(7);
    expect(daysTo('30d')).toBe(30);
    expect(daysTo('90d')).toBe(90);
    expect(parseExpiry('7d', now)?.getHours()).toBe(now.getHours());
  });

  it('Given 1y, then the same date next year; never gives null', () => {
    const at = parseExpiry('1y', now);
    expect(at?.getFullYear()).toBe(2027);
    expect(parseExpiry('never', now)).toBeNull();
  });

  it('Given a date, then the token is valid through the end of that local day', () => {
    const at = parseExpiry('2026-12-31', now);
    expect([at?.getFullYear(), at?.getMonth(), at?.getDate(), at?.getHours(), at?.getMinutes()]).toEqual([
      2026, 11, 31, 23, 59,
    ]);
  });

  it.each([
    ['2026-02-30', /does not exist/],
    ['2020-01-01', /in the past/],
    ['45d', /use 7d, 30d, 90d, 1y, never or a date/],
    ['tomorrow', /use 7d, 30d, 90d, 1y, never or a date/],
  ])('Given %s, then it is refused', (input, message) => {
    expect(() => parseExpiry(input, now)).toThrow(message);
  });
});

describe('expiry status', () => {
  it('Given no expiry, then ok; more than 7 days left, ok; 7 days or less, expiring; past, expired', () => {
    expect(expiryStatus(null, now)).toBe('ok');
    expect(expiryStatus('2026-03-17T12:00:01.000Z', now)).toBe('ok');
    expect(expiryStatus('2026-03-17T12:00:00.000Z', now)).toBe('expiring');
    expect(expiryStatus('2026-03-10T12:00:01.000Z', now)).toBe('expiring');
    expect(expiryStatus('2026-03-10T12:00:00.000Z', now)).toBe('expired');
    expect(expiryStatus('2026-03-08T12:00:00.000Z', now)).toBe('expired');
  });
});

describe('token age and rotation', () => {
  it('Given a token stored 91 days ago, then it is due for rotation past the default 90-day cadence', () => {
    expect(tokenAgeDays('2026-03-01T12:00:00.000Z', now)).toBe(9);
    expect(isRotationDue('2025-12-10T12:00:00.000Z', now)).toBe(false);
    expect(isRotationDue('2025-12-09T11:00:00.000Z', now)).toBe(true);
    expect(isRotationDue('2026-03-01T12:00:00.000Z', now, 7)).toBe(true);
  });
});
