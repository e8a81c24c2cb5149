import { describe, expect, it } from 'vitest';
import { emptyUsage } from '../../../src/store/empty-documents.js';
import type { Health } from '../../../src/store/schema.js';
import { applyUsageDelta, DAILY_HISTORY_DAYS, mergeHealth, mergePeriod } from '../../../src/store/usage-merge.js';

const MARCH = '2026-03-01T05:00:00.000Z';
const APRIL = '2026-04-01T04:00:00.000Z';

describe('usage merge', () => {
  it('Given two deltas for the same period, then counters add up and the later lastUsedAt wins', () => {
    const usage = emptyUsage();
    applyUsageDelta(usage, {
      connections: {
        demo: {
          lastUsedAt: '2026-03-02T10:00:00.000Z',
          calls: { periodStart: MARCH, count: 3 },
          requests: 5,
          byMethod: { 'tools/call': 3 },
          byClient: { cursor: 5 },
          daily: { '2026-03-02': 3 },
        },
      },
    });
    applyUsageDelta(usage, {
      connections: {
        demo: {
          lastUsedAt: '2026-03-02T09:00:00.000Z',
          calls: { periodStart: MARCH, count: 2 },
          requests: 2,
          byMethod: { 'tools/call': 2 },
          daily: { '2026-03-02': 2 },
        },
      },
    });
    const demo = usage.connections.demo;
    expect(demo?.lastUsedAt).toBe('2026-03-02T10:00:00.000Z');
    expect(demo?.period).toEqual({ periodStart: MARCH, calls: 5 });
    expect(demo?.totalRequests).toBe(7);
    expect(demo?.byMethod).toEqual({ 'tools/call': 5 });
    expect(demo?.byClient).toEqual({ cursor: 5 });
    expect(demo?.daily).toEqual({ '2026-03-02': 5 });
  });

  it('Given a delta for a newer period, then it replaces the old count; an older period delta is dropped', () => {
    expect(mergePeriod({ periodStart: MARCH, calls: 4000 }, { periodStart: APRIL, count: 7 })).toEqual({
      periodStart: APRIL,
      calls: 7,
    });
    expect(mergePeriod({ periodStart: APRIL, calls: 7 }, { periodStart: MARCH, count: 9 })).toEqual({
      periodStart: APRIL,
      calls: 7,
    });
  });

  it('Given account and client deltas, then account periods merge and the later client use wins', () => {
    const usage = emptyUsage();
    applyUsageDelta(usage, {
      accounts: { team: { periodStart: MARCH, count: 10 } },
      clients: { cursor: { lastUsedAt: '2026-03-03T00:00:00.000Z' } },
    });
    applyUsageDelta(usage, {
      accounts: { team: { periodStart: MARCH, count: 5 } },
      clients: { cursor: { lastUsedAt: '2026-03-01T00:00:00.000Z' } },
    });
    expect(usage.accounts.team).toEqual({ periodStart: MARCH, calls: 15 });
    expect(usage.clients.cursor?.lastUsedAt).toBe('2026-03-03T00:00:00.000Z');
  });

  it('Given health observations out of order, then the most recent one is kept', () => {
    const usage = emptyUsage();
    const newer = { state: 'rejected' as const, checkedAt: '2026-03-02T00:00:00.000Z', detail: 'HTTP 401' };
    const older = { state: 'ok' as const, checkedAt: '2026-03-01T00:00:00.000Z', detail: 'Example' };
    applyUsageDelta(usage, { connections: { demo: { health: newer } } });
    applyUsageDelta(usage, { connections: { demo: { health: older } } });
    expect(usage.connections.demo?.health).toEqual(newer);
  });

  it('Given more daily entries than the history holds, then the oldest days are dropped', () => {
    const usage = emptyUsage();
    const daily: Record<string, number> = {};
    for (let day = 0; day < DAILY_HISTORY_DAYS + 5; day += 1) {
      daily[new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10)] = 1;
    }
    applyUsageDelta(usage, { connections: { demo: { daily } } });
    const kept = Object.keys(usage.connections.demo?.daily ?? {}).sort();
    expect(kept).toHaveLength(DAILY_HISTORY_DAYS);
    expect(kept[0]).toBe('2026-01-06');
  });
});

describe('health verdict merge', () => {
  const health = (state: Health['state'], minute: number): Health => ({
    state,
    checkedAt: `2026-03-02T10:${String(minute).padStart(2, '0')}:00.000Z`,
    detail: state,
  });

  it('Given any verdict, then a later one replaces it and an older one does not', () => {
    expect(mergeHealth(null, health('ok', 1))).toEqual(health('ok', 1));
    expect(mergeHealth(health('ok', 1), health('unreachable', 2))).toEqual(health('unreachable', 2));
    expect(mergeHealth(health('unreachable', 2), health('rejected', 1))).toEqual(health('unreachable', 2));
    expect(mergeHealth(health('unreachable', 2), health('rejected', 3))).toEqual(health('rejected', 3));
  });

  it('Given "rejected", then a later "unreachable" or "unknown" keeps it; only "ok" clears it', () => {
    const rejected = health('rejected', 1);
    expect(mergeHealth(rejected, health('unreachable', 2))).toBe(rejected);
    expect(mergeHealth(rejected, health('unknown', 3))).toBe(rejected);
    expect(mergeHealth(rejected, health('ok', 4))).toEqual(health('ok', 4));
  });

  it('Given deltas applied to usage.json, then the same rule holds', () => {
    const usage = emptyUsage();
    applyUsageDelta(usage, { connections: { demo: { health: health('rejected', 1) } } });
    applyUsageDelta(usage, { connections: { demo: { health: health('unreachable', 2) } } });
    expect(usage.connections.demo?.health?.state).toBe('rejected');
  });
});
