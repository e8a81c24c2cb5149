import { describe, expect, it } from 'vitest';
import { formatAgo, formatCount, formatSpan } from '../../../src/tokens/time-span.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('time spans in words', () => {
  it.each([
    [30_000, '1 min'],
    [12 * MINUTE, '12 min'],
    [HOUR, '1 hour'],
    [23 * HOUR + 59 * MINUTE, '23 hours'],
    [DAY, '1 day'],
    [2 * DAY - MINUTE, '2 days'],
    [5.2 * DAY, '5 days'],
    [-3 * DAY, '3 days'],
  ])('Given %d ms, Then it reads "%s"', (ms, text) => {
    expect(formatSpan(ms)).toBe(text);
  });

  it('Given a past moment, Then it reads "… ago", and "just now" within a minute (or a clock ahead)', () => {
    const now = new Date('2026-03-10T12:00:00.000Z');
    expect(formatAgo('2026-03-10T11:20:00.000Z', now)).toBe('40 min ago');
    expect(formatAgo('2026-03-10T11:59:30.000Z', now)).toBe('just now');
    expect(formatAgo('2026-03-10T12:05:00.000Z', now)).toBe('just now');
  });

  it('Given a count, Then thousands are grouped', () => {
    expect(formatCount(25000)).toBe('25,000');
  });
});
