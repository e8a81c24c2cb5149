import { describe, expect, it } from 'vitest';
import { dailyCalls } from '../../main/usage-queries.js';

describe('usage queries', () => {
  it('Given counts on some days, Then the last N local days come back oldest first, zero-filled', () => {
    const now = new Date(2026, 2, 10, 9, 30);
    expect(dailyCalls({ '2026-03-08': 4, '2026-03-10': 7, '2026-01-01': 99 }, 3, now)).toEqual([
      { date: '2026-03-08', calls: 4 },
      { date: '2026-03-09', calls: 0 },
      { date: '2026-03-10', calls: 7 },
    ]);
    expect(dailyCalls(undefined, 1, now)).toEqual([{ date: '2026-03-10', calls: 0 }]);
  });
});
