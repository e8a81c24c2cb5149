import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { silentLogger } from '../../../src/logger.js';
import { createUsageMeter } from '../../../src/proxy/usage-meter.js';
import { MAX_METHOD_NAMES, OTHER_METHODS } from '../../../src/store/usage-counts.js';
import { createMemoryUsageStore } from '../../../src/store/memory-metadata-store.js';
import type { UsageStore } from '../../../src/store/metadata-store.js';

const at = new Date('2026-03-10T10:00:00.000Z');
const periodStart = '2026-03-01T00:00:00.000Z';
const call = { method: 'tools/call', isRequest: true, tool: 'echo' } as const;

describe('usage meter', () => {
  it('Given requests, then nothing is written until a flush, which writes one merged delta', async () => {
    const usage = createMemoryUsageStore();
    let applies = 0;
    const counting: UsageStore = { ...usage, apply: (delta) => ((applies += 1), usage.apply(delta)) };
    const meter = createUsageMeter({
      usage: counting,
      clock: fixedClock(at),
      logger: silentLogger,
      flushIntervalMs: 3_600_000,
    });
    for (let index = 0; index < 50; index += 1) {
      meter.record({
        connection: 'svc',
        client: 'cursor',
        messages: [call],
        counted: 1,
        periodStart,
        account: { name: 'team', periodStart },
        at,
      });
    }
    expect(applies).toBe(0);
    expect(meter.connectionCalls('svc', periodStart)).toBe(50);
    await meter.flush();
    expect(applies).toBe(1);
    const file = usage.read();
    expect(file.connections.svc).toMatchObject({
      totalRequests: 50,
      byMethod: { 'tools/call': 50 },
      byClient: { cursor: 50 },
      period: { periodStart, calls: 50 },
    });
    expect(file.accounts.team).toEqual({ periodStart, calls: 50 });
    expect(meter.connectionCalls('svc', periodStart)).toBe(50);
    expect(meter.accountCalls('team', periodStart)).toBe(50);
    await meter.close();
  });

  it('Given a failing write, then the counts are kept and saved by the next flush (no count lost)', async () => {
    const usage = createMemoryUsageStore();
    let fail = true;
    const flaky: UsageStore = {
      ...usage,
      apply: (delta) => (fail ? Promise.reject(new Error('locked')) : usage.apply(delta)),
    };
    const meter = createUsageMeter({
      usage: flaky,
      clock: fixedClock(at),
      logger: silentLogger,
      flushIntervalMs: 3_600_000,
    });
    meter.record({ connection: 'svc', client: null, messages: [call], counted: 1, periodStart, account: null, at });
    await meter.flush();
    meter.record({ connection: 'svc', client: null, messages: [call], counted: 1, periodStart, account: null, at });
    fail = false;
    await meter.flush();
    expect(usage.read().connections.svc).toMatchObject({
      totalRequests: 2,
      period: { calls: 2 },
      lastUsedAt: at.toISOString(),
    });
    await meter.close();
  });

  it('Given a flush still being written, then the hard-stop count still includes its calls', async () => {
    const usage = createMemoryUsageStore();
    let release: () => void = () => undefined;
    const slow: UsageStore = {
      ...usage,
      apply: async (delta) => {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        await usage.apply(delta);
      },
    };
    const meter = createUsageMeter({
      usage: slow,
      clock: fixedClock(at),
      logger: silentLogger,
      flushIntervalMs: 3_600_000,
    });
    meter.record({ connection: 'svc', client: null, messages: [call], counted: 2, periodStart, account: null, at });
    const flushing = meter.flush();
    await Promise.resolve();
    expect(meter.connectionCalls('svc', periodStart)).toBe(2);
    release();
    await flushing;
    expect(meter.connectionCalls('svc', periodStart)).toBe(2);
    await meter.close();
  });

  it('Given a rejection and then an unreachable check in one flush window, then "rejected" is what is saved', async () => {
    const usage = createMemoryUsageStore();
    const meter = createUsageMeter({ usage, clock: fixedClock(at), logger: silentLogger, flushIntervalMs: 3_600_000 });
    meter.setHealth('svc', { state: 'rejected', checkedAt: '2026-03-10T10:00:00.000Z', detail: 'HTTP 401' });
    meter.setHealth('svc', { state: 'unreachable', checkedAt: '2026-03-10T10:01:00.000Z', detail: 'timeout' });
    await meter.flush();
    expect(usage.read().connections.svc?.health).toMatchObject({ state: 'rejected', detail: 'HTTP 401' });
    meter.setHealth('svc', { state: 'ok', checkedAt: '2026-03-10T10:02:00.000Z', detail: 'server' });
    await meter.flush();
    expect(usage.read().connections.svc?.health?.state).toBe('ok');
    await meter.close();
  });

  it('Given an unreachable verdict, when a call goes through, then the connection is healthy again', async () => {
    const usage = createMemoryUsageStore();
    const meter = createUsageMeter({ usage, clock: fixedClock(at), logger: silentLogger, flushIntervalMs: 3_600_000 });
    meter.setHealth('svc', { state: 'unreachable', checkedAt: '2026-03-10T10:00:00.000Z', detail: 'timeout' });
    await meter.flush();
    meter.noteSuccess('svc', new Date('2026-03-10T10:05:00.000Z'));
    await meter.flush();
    expect(usage.read().connections.svc?.health).toMatchObject({ state: 'ok', checkedAt: '2026-03-10T10:05:00.000Z' });
    await meter.close();
  });

  it('Given notifications named constructor, __proto__ and hasOwnProperty, then every flush is saved and each name is counted', async () => {
    const usage = createMemoryUsageStore();
    const meter = createUsageMeter({ usage, clock: fixedClock(at), logger: silentLogger, flushIntervalMs: 3_600_000 });
    for (const method of ['constructor', '__proto__', 'hasOwnProperty', 'toString', '__proto__']) {
      const notification = { method, isRequest: false, tool: undefined };
      meter.record({
        connection: 'svc',
        client: 'cursor',
        messages: [notification],
        counted: 0,
        periodStart,
        account: null,
        at,
      });
    }
    await meter.flush();
    meter.record({ connection: 'svc', client: 'cursor', messages: [call], counted: 1, periodStart, account: null, at });
    await meter.flush();
    const saved = usage.read().connections.svc!;
    expect(saved.totalRequests).toBe(6);
    expect(Object.entries(saved.byMethod).sort()).toEqual([
      ['__proto__', 2],
      ['constructor', 1],
      ['hasOwnProperty', 1],
      ['toString', 1],
      ['tools/call', 1],
    ]);
    await meter.close();
  });

  it('Given more distinct method names than the cap, then the rest are counted as other, across flushes too', async () => {
    const usage = createMemoryUsageStore();
    const meter = createUsageMeter({ usage, clock: fixedClock(at), logger: silentLogger, flushIntervalMs: 3_600_000 });
    const send = (method: string) =>
      meter.record({
        connection: 'svc',
        client: null,
        messages: [{ method, isRequest: false, tool: undefined }],
        counted: 0,
        periodStart,
        account: null,
        at,
      });
    for (let index = 0; index < MAX_METHOD_NAMES - 10; index += 1) send(`m/${index}`);
    await meter.flush();
    for (let index = 0; index < 3 * MAX_METHOD_NAMES; index += 1) send(`n/${index}`);
    send('m/0');
    await meter.flush();
    const byMethod = usage.read().connections.svc!.byMethod;
    expect(Object.keys(byMethod)).toHaveLength(MAX_METHOD_NAMES + 1);
    expect(byMethod['m/0']).toBe(2);
    expect(byMethod[OTHER_METHODS]).toBe(3 * MAX_METHOD_NAMES - 10);
    await meter.close();
  });

  it('Given reservations against a limit of 5, then a sixth does not fit, a released one frees its room, a committed one counts', async () => {
    const usage = createMemoryUsageStore();
    const meter = createUsageMeter({ usage, clock: fixedClock(at), logger: silentLogger, flushIntervalMs: 3_600_000 });
    const reserve = () =>
      meter.reserve({ connection: 'svc', periodStart, account: { name: 'team', periodStart }, count: 1, limit: 5, at });
    const held = Array.from({ length: 5 }, () => reserve());
    expect(held.every((result) => 'reservation' in result)).toBe(true);
    expect(reserve()).toEqual({ used: 5 });
    const [first, second, third] = held.map((result) => ('reservation' in result ? result.reservation : undefined));
    first!.release();
    first!.release();
    expect(meter.accountCalls('team', periodStart)).toBe(4);
    second!.commit();
    meter.record({
      connection: 'svc',
      client: null,
      messages: [call],
      counted: 1,
      periodStart,
      account: { name: 'team', periodStart },
      at,
      reservation: third,
    });
    third!.release(); // settled by the record already: no effect
    expect(meter.connectionCalls('svc', periodStart)).toBe(4);
    expect('reservation' in reserve()).toBe(true);
    expect(reserve()).toEqual({ used: 5 });
    await meter.flush();
    expect(usage.read().connections.svc?.period?.calls).toBe(2);
    expect(usage.read().accounts.team?.calls).toBe(2);
    await meter.close();
  });
});
