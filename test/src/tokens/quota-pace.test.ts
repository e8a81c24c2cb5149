import { describe, expect, it } from 'vitest';
import { periodStartOf, quotaPace } from '../../../src/tokens/quota-pace.js';

// A period from 1 March to 1 April (local time); "now" is 10 days in.
const resetsAt = new Date(2026, 3, 1).toISOString();
const now = new Date(2026, 2, 11);

describe('quota pace', () => {
  it('Given the reset, Then the period began one month earlier', () => {
    expect(periodStartOf(resetsAt).getTime()).toBe(new Date(2026, 2, 1).getTime());
  });

  it('Given 95 of 100 calls in 10 days, Then at this pace it runs out about half a day later', () => {
    const pace = quotaPace({ limit: 100, used: 95, resetsAt }, now);
    expect(pace.state).toBe('runs-out');
    const hoursLeft = pace.state === 'runs-out' ? (pace.at.getTime() - now.getTime()) / 3_600_000 : 0;
    expect(hoursLeft).toBeCloseTo((5 * 10 * 24) / 95, 5);
  });

  it('Given a slow pace, Then it lasts the period', () => {
    expect(quotaPace({ limit: 1000, used: 100, resetsAt }, now)).toEqual({ state: 'lasts' });
  });

  it('Given no quota, no calls yet or a used-up quota, Then there is nothing to project', () => {
    expect(quotaPace({ limit: null, used: 50, resetsAt: null }, now)).toEqual({ state: 'no-quota' });
    expect(quotaPace({ limit: 100, used: 0, resetsAt }, now)).toEqual({ state: 'idle' });
    expect(quotaPace({ limit: 100, used: 100, resetsAt }, now)).toEqual({ state: 'used-up' });
  });
});
