/**
 * A fake KeyportApi for component tests: every channel is a vi.fn answering `{ ok: true }` with
 * a harmless default, and `emit` plays main pushing an event. Override channels per test.
 */
import { vi, type Mock } from 'vitest';
import type { Result, TokenSummary, ToolPolicyView } from '../../../src/contract/dto.js';
import { tokenAttention } from '../../../src/core/attention.js';
import { DEFAULT_SETTINGS } from '../../../src/store/schema.js';
import type { IpcChannel, IpcEvent, IpcEvents, IpcValue, KeyportApi } from '../../../src/contract/ipc.js';

type Channels = { [C in IpcChannel]: Mock<KeyportApi[C]> };
export type FakeApi = KeyportApi &
  Channels & { emit<E extends IpcEvent>(event: E, payload: IpcEvents[E]): void; listenerCount(): number };

export function ok<T>(value: T): Promise<Result<T>> {
  return Promise.resolve({ ok: true, value });
}

/** A summary as the core would give it; `attention` comes from the core's model at the real time. */
export function token(overrides: Partial<TokenSummary> & { readonly name: string }): TokenSummary {
  const summary: Omit<TokenSummary, 'attention'> = {
    url: `https://${overrides.name}.example.com/mcp`,
    provider: 'example',
    kind: 'bearer',
    masked: 'sk_live_…a1b2',
    status: 'ok',
    expiresAt: null,
    lastUsedAt: null,
    quota: { limit: null, used: 0, resetsAt: null, account: null, provider: null },
    tokenSetAt: '2026-01-01T00:00:00.000Z',
    ageDays: 10,
    rotationDue: false,
    health: null,
    headers: [{ name: 'authorization', template: 'Bearer {token}' }],
    queryParam: null,
    tokenCommand: null,
    oauth: null,
    paused: false,
    allowKeyless: false,
    previous: null,
    tokenPageUrl: null,
    ...overrides,
  };
  const attention = overrides.attention ?? tokenAttention({ ...summary, rotationCadenceDays: 90 }, new Date());
  return { ...summary, attention };
}

const NO_TOOLS: ToolPolicyView = {
  connection: 'example',
  source: 'none',
  listedAt: null,
  serverName: null,
  problem: null,
  rule: null,
  clients: [],
  tools: [],
};

const DEFAULTS: { [C in IpcChannel]: IpcValue<C> } = {
  'tokens:list': [],
  'tokens:add': token({ name: 'added' }),
  'tokens:add-oauth': token({ name: 'signed-in', kind: 'oauth' }),
  'tokens:sign-in': token({ name: 'signed-in', kind: 'oauth' }),
  'tokens:test': { serverName: 'example', serverVersion: null, toolCount: 0 },
  'tokens:rotate': token({ name: 'rotated' }),
  'tokens:rollback': token({ name: 'rolled-back' }),
  'tokens:update': token({ name: 'updated' }),
  'tokens:remove': null,
  'tokens:set-paused': token({ name: 'paused' }),
  'usage:daily': [],
  'tools:view': NO_TOOLS,
  'tools:change': NO_TOOLS,
  'accounts:list': [],
  'audit:list': [],
  'clients:list': [],
  'clients:preview': { client: 'cursor', configPath: '/tmp/mcp.json', snippet: '{}', diff: '' },
  'clients:connect': { client: 'cursor', configPath: '/tmp/mcp.json', backupPath: null, changed: true },
  'clients:import-scan': [],
  'clients:import': [],
  'settings:get': DEFAULT_SETTINGS,
  'settings:update': DEFAULT_SETTINGS,
  'proxy:status': { running: true, port: 8931, url: 'http://127.0.0.1:8931', paused: false, error: null },
  'proxy:copy-url': 'http://127.0.0.1:8931/example/mcp',
};

export function fakeApi(): FakeApi {
  const listeners = new Map<IpcEvent, Set<(payload: never) => void>>();
  const channels = Object.fromEntries(
    (Object.keys(DEFAULTS) as IpcChannel[]).map((channel) => [channel, vi.fn(() => ok(DEFAULTS[channel]))]),
  ) as unknown as Channels;
  return {
    ...channels,
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: never) => void);
    },
    emit: (event, payload) => {
      for (const listener of listeners.get(event) ?? []) (listener as (payload: unknown) => void)(payload);
    },
    listenerCount: () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0),
  };
}
