/**
 * The runtime → renderer event wiring that boot.ts and the e2e harness share: audit log lines
 * become one `audit:entry` each, proxy status is forwarded and refreshes, metadata changes refresh,
 * and the returned stop function ends all of it.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEntry, ProxyStatus } from '../../../src/contract/dto.js';
import type { IpcEvent } from '../../../src/contract/ipc.js';
import { forwardRuntimeEvents } from '../../../main/ipc/runtime-events.js';
import { fakeRuntime } from '../support/fake-runtime.js';

const PROXY: ProxyStatus = { running: true, port: 8931, url: 'http://127.0.0.1:8931', paused: false, error: null };
const entry = (tool: string): AuditEntry => ({
  time: '2026-11-22T10:00:00.000Z',
  client: 'cursor',
  connection: 'billing',
  method: 'tools/call',
  tool,
  status: 200,
  latencyMs: 4,
});

function wired() {
  const fake = fakeRuntime({ tokens: [], proxy: PROXY, calls: [] });
  const statusListeners = new Set<(status: ProxyStatus) => void>();
  const runtime = {
    ...fake.runtime,
    services: {
      ...fake.runtime.services,
      proxy: {
        ...fake.runtime.services.proxy,
        onStatus: (listener: (status: ProxyStatus) => void) => {
          statusListeners.add(listener);
          return () => void statusListeners.delete(listener);
        },
      },
    },
  };
  const published: { event: IpcEvent; payload: unknown }[] = [];
  let refreshes = 0;
  const stop = forwardRuntimeEvents({
    runtime,
    publish: (event, payload) => published.push({ event, payload }),
    refresh: () => (refreshes += 1),
  });
  return {
    fake,
    published,
    stop,
    refreshes: () => refreshes,
    status: (status: ProxyStatus) => statusListeners.forEach((listener) => listener(status)),
  };
}

describe('forwardRuntimeEvents', () => {
  it('Given new audit log lines, Then each is pushed as its own audit:entry, in order', () => {
    const { fake, published } = wired();
    fake.audit([entry('search'), entry('fetch')]);
    expect(published).toEqual([
      { event: 'audit:entry', payload: entry('search') },
      { event: 'audit:entry', payload: entry('fetch') },
    ]);
  });

  it('Given a proxy status change or a metadata change, Then the status is pushed and the tokens refreshed', () => {
    const { fake, published, status, refreshes } = wired();
    status({ ...PROXY, paused: true });
    expect(published).toEqual([{ event: 'proxy:status', payload: { ...PROXY, paused: true } }]);
    expect(refreshes()).toBe(1);
    fake.changed();
    expect(refreshes()).toBe(2);
  });

  it('When stopped, Then nothing more is pushed or refreshed', () => {
    const { fake, published, status, refreshes, stop } = wired();
    stop();
    fake.audit([entry('search')]);
    fake.changed();
    status(PROXY);
    expect(published).toEqual([]);
    expect(refreshes()).toBe(0);
  });
});
