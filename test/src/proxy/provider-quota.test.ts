import { describe, expect, it } from 'vitest';
import { readProviderQuota } from '../../../src/proxy/provider-quota.js';

const now = new Date('2026-03-01T12:00:00.000Z');

describe('readProviderQuota', () => {
  it('Given RateLimit-* headers with a relative reset, then limit, remaining and reset time are read', () => {
    expect(
      readProviderQuota({ 'ratelimit-limit': '5000', 'ratelimit-remaining': '4200', 'ratelimit-reset': '60' }, now),
    ).toEqual({
      limit: 5000,
      remaining: 4200,
      resetAt: '2026-03-01T12:01:00.000Z',
      observedAt: now.toISOString(),
    });
  });

  it('Given X-RateLimit-* with an epoch reset, or the structured RateLimit header, then they are read too', () => {
    expect(
      readProviderQuota(
        { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1772409600' },
        now,
      ),
    ).toMatchObject({
      limit: 100,
      remaining: 0,
      resetAt: '2026-03-02T00:00:00.000Z',
    });
    expect(readProviderQuota({ ratelimit: 'limit=10, remaining=3, reset=5' }, now)).toMatchObject({
      limit: 10,
      remaining: 3,
    });
  });

  it('Given no quota headers, then nothing is reported', () => {
    expect(readProviderQuota({ 'content-type': 'application/json' }, now)).toBeNull();
  });
});
