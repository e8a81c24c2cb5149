import { describe, expect, it } from 'vitest';
import { localDateKey } from '../../../src/tokens/local-date.js';

describe('localDateKey', () => {
  it('Given local instants either side of midnight, when keyed, then each gets its own local day, zero-padded', () => {
    expect(localDateKey(new Date(2026, 0, 5, 23, 59, 59))).toBe('2026-01-05');
    expect(localDateKey(new Date(2026, 0, 6, 0, 0, 0))).toBe('2026-01-06');
    expect(localDateKey(new Date(2026, 11, 31, 12))).toBe('2026-12-31');
  });
});
