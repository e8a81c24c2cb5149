import { describe, expect, it } from 'vitest';
import { formatAgo, formatDate, formatRelative, hostOf } from '../../../renderer/src/format/relative-time.js';
import { expiryTone } from '../../../renderer/src/format/expiry-tone.js';

const NOW = Date.parse('2026-11-23T12:00:00.000Z');
const at = (ms: number) => new Date(NOW + ms).toISOString();
const DAY = 24 * 3600_000;

describe('relative times', () => {
  it('Given future and past instants, they read as "in …" and "… ago" in the largest fitting unit', () => {
    expect(formatRelative(at(3 * DAY), NOW)).toBe('in 3 days');
    expect(formatRelative(at(-2 * 3600_000), NOW)).toBe('2 hours ago');
    expect(formatRelative(at(-DAY), NOW)).toBe('yesterday');
    expect(formatRelative(at(-10_000), NOW)).toBe('just now');
  });

  it('Given a past-by-nature instant a little ahead of the clock, formatAgo still says "just now"', () => {
    expect(formatAgo(at(20_000), NOW)).toBe('just now');
    expect(formatAgo(at(-5 * 60_000), NOW)).toBe('5 minutes ago');
  });

  it('formats dates and hosts', () => {
    expect(formatDate('2026-12-01T00:00:00.000Z')).toMatch(/^(30 Nov|1 Dec) 2026$/);
    expect(hostOf('https://mcp.acme.dev:8443/v1/mcp')).toBe('mcp.acme.dev:8443');
    expect(hostOf('not a url')).toBe('not a url');
  });
});

describe('expiryTone', () => {
  it('is red once expired, amber within 7 days, plain later, none without expiry', () => {
    expect(expiryTone(at(-1), NOW)).toBe('danger');
    expect(expiryTone(at(7 * DAY), NOW)).toBe('warn');
    expect(expiryTone(at(7 * DAY + 1), NOW)).toBe('ok');
    expect(expiryTone(null, NOW)).toBe('none');
  });
});
