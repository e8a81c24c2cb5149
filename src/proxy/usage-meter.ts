/**
 * Metering off the hot path: each request adds to in-memory counters; a timer (and close)
 * turns them into one UsageDelta for UsageStore.apply. A failed apply puts the delta back,
 * so no count is lost. It also answers "how many calls in this period so far" for the hard
 * stop, from the last usage.json snapshot plus what is pending.
 */
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { ConnectionUsageDelta, UsageDelta, UsageStore } from '../store/metadata-store.js';
import type { Health, ProviderQuota, UsageFile } from '../store/schema.js';
import type { RpcMessageInfo } from './jsonrpc-inspect.js';
import { mergeHealth } from '../store/usage-merge.js';
import { localDateKey } from '../tokens/local-date.js';

const DAY_KEY_TTL_MS = 60_000;

export interface MeterRecord {
  readonly connection: string;
  readonly client: string | null;
  readonly messages: readonly RpcMessageInfo[];
  /** Calls counted against the quota. */
  readonly counted: number;
  /** The period of the connection's own quota (or the calendar month). */
  readonly periodStart: string;
  readonly account: { readonly name: string; readonly periodStart: string } | null;
  readonly at: Date;
}

interface PendingConnection {
  /** Epoch ms; formatted at flush time. */
  lastUsedAt?: number;
  calls?: { periodStart: string; count: number };
  requests: number;
  byMethod: Record<string, number>;
  byClient: Record<string, number>;
  daily: Record<string, number>;
  health?: Health;
  providerQuota?: ProviderQuota;
}

export interface UsageMeter {
  record(record: MeterRecord): void;
  setHealth(connection: string, health: Health): void;
  /** A 2xx from the upstream: a connection marked rejected or unreachable is healthy again. */
  noteSuccess(connection: string, at: Date): void;
  setProviderQuota(connection: string, quota: ProviderQuota): void;
  /** Calls counted in the given period: last known file state plus pending. */
  connectionCalls(connection: string, periodStart: string): number;
  accountCalls(account: string, periodStart: string): number;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function createUsageMeter(options: {
  readonly usage: UsageStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly flushIntervalMs?: number;
}): UsageMeter {
  const { usage, logger } = options;
  let connections = new Map<string, PendingConnection>();
  let accounts = new Map<string, { periodStart: string; count: number }>();
  let clients = new Map<string, number>();
  let snapshot: UsageFile = usage.read();
  // The delta being written: still counted by connectionCalls/accountCalls until the snapshot
  // that includes it has been read back (otherwise the hard stop would briefly undercount).
  let inflight: UsageDelta | undefined;
  let flushing: Promise<void> = Promise.resolve();
  // The local day key, recomputed at most once a minute (a day boundary is at most a minute late).
  let dayKey = '';
  let dayKeyUntil = 0;
  const dayOf = (at: Date): string => {
    const ms = at.getTime();
    if (ms >= dayKeyUntil || ms < dayKeyUntil - DAY_KEY_TTL_MS) {
      dayKey = localDateKey(at);
      dayKeyUntil = ms + DAY_KEY_TTL_MS;
    }
    return dayKey;
  };

  const pendingFor = (name: string): PendingConnection => {
    let entry = connections.get(name);
    if (entry === undefined) {
      entry = { requests: 0, byMethod: {}, byClient: {}, daily: {} };
      connections.set(name, entry);
    }
    return entry;
  };

  const addCalls = (
    target: { periodStart: string; count: number } | undefined,
    periodStart: string,
    count: number,
  ): { periodStart: string; count: number } => {
    if (target === undefined || target.periodStart < periodStart) return { periodStart, count };
    if (target.periodStart === periodStart) target.count += count;
    return target;
  };

  const takeDelta = (): UsageDelta | undefined => {
    if (connections.size === 0 && accounts.size === 0 && clients.size === 0) return undefined;
    const delta: UsageDelta = { connections: {}, accounts: {}, clients: {} };
    for (const [name, entry] of connections) {
      const out: ConnectionUsageDelta = {
        requests: entry.requests,
        byMethod: entry.byMethod,
        byClient: entry.byClient,
        daily: entry.daily,
      };
      if (entry.lastUsedAt !== undefined) out.lastUsedAt = new Date(entry.lastUsedAt).toISOString();
      if (entry.calls) out.calls = entry.calls;
      if (entry.health) out.health = entry.health;
      if (entry.providerQuota) out.providerQuota = entry.providerQuota;
      delta.connections![name] = out;
    }
    for (const [name, calls] of accounts) delta.accounts![name] = calls;
    for (const [name, lastUsedAt] of clients) delta.clients![name] = { lastUsedAt: new Date(lastUsedAt).toISOString() };
    connections = new Map();
    accounts = new Map();
    clients = new Map();
    return delta;
  };

  const restore = (delta: UsageDelta): void => {
    for (const [name, out] of Object.entries(delta.connections ?? {})) {
      const entry = pendingFor(name);
      entry.requests += out.requests ?? 0;
      for (const [key, value] of Object.entries(out.byMethod ?? {}))
        entry.byMethod[key] = (entry.byMethod[key] ?? 0) + value;
      for (const [key, value] of Object.entries(out.byClient ?? {}))
        entry.byClient[key] = (entry.byClient[key] ?? 0) + value;
      for (const [key, value] of Object.entries(out.daily ?? {})) entry.daily[key] = (entry.daily[key] ?? 0) + value;
      if (out.calls) entry.calls = addCalls(entry.calls, out.calls.periodStart, out.calls.count);
      const lastUsedAt = out.lastUsedAt ? Date.parse(out.lastUsedAt) : undefined;
      if (lastUsedAt !== undefined && (entry.lastUsedAt === undefined || entry.lastUsedAt < lastUsedAt)) {
        entry.lastUsedAt = lastUsedAt;
      }
      if (out.health && !entry.health) entry.health = out.health;
      if (out.providerQuota && !entry.providerQuota) entry.providerQuota = out.providerQuota;
    }
    for (const [name, calls] of Object.entries(delta.accounts ?? {})) {
      accounts.set(name, addCalls(accounts.get(name), calls.periodStart, calls.count));
    }
    for (const [name, client] of Object.entries(delta.clients ?? {})) {
      const known = clients.get(name);
      const lastUsedAt = Date.parse(client.lastUsedAt);
      if (known === undefined || known < lastUsedAt) clients.set(name, lastUsedAt);
    }
  };

  const flushOnce = async (): Promise<void> => {
    const delta = takeDelta();
    if (delta === undefined) return;
    inflight = delta;
    try {
      await usage.apply(delta);
      snapshot = usage.read();
      inflight = undefined;
    } catch (error) {
      inflight = undefined;
      restore(delta);
      logger.warn('Usage could not be saved; will retry', { code: (error as { code?: string }).code ?? 'INTERNAL' });
    }
  };

  const flush = (): Promise<void> => {
    flushing = flushing.then(flushOnce);
    return flushing;
  };

  const timer = setInterval(() => void flush(), options.flushIntervalMs ?? 2000);
  timer.unref();
  const unsubscribe = usage.onChange((next) => {
    if (inflight === undefined) snapshot = next;
  });
  const inflightCalls = (calls: { periodStart: string; count: number } | undefined, periodStart: string): number =>
    calls?.periodStart === periodStart ? calls.count : 0;

  return {
    record(record) {
      const entry = pendingFor(record.connection);
      const at = record.at.getTime();
      entry.lastUsedAt = at;
      entry.requests += 1;
      for (const message of record.messages) {
        if (message.method === undefined) continue;
        entry.byMethod[message.method] = (entry.byMethod[message.method] ?? 0) + 1;
      }
      if (record.client !== null) {
        entry.byClient[record.client] = (entry.byClient[record.client] ?? 0) + 1;
        clients.set(record.client, at);
      }
      if (record.counted > 0) {
        entry.calls = addCalls(entry.calls, record.periodStart, record.counted);
        const day = dayOf(record.at);
        entry.daily[day] = (entry.daily[day] ?? 0) + record.counted;
        if (record.account) {
          const { name, periodStart } = record.account;
          accounts.set(name, addCalls(accounts.get(name), periodStart, record.counted));
        }
      }
    },
    setHealth(connection, health) {
      const entry = pendingFor(connection);
      // The same rule as usage.json's merge: "unreachable" never replaces a pending "rejected".
      entry.health = mergeHealth(entry.health ?? null, health);
    },
    noteSuccess(connection, at) {
      const pending = connections.get(connection)?.health;
      const state = pending?.state ?? snapshot.connections[connection]?.health?.state;
      if (state === 'rejected' || state === 'unreachable') {
        pendingFor(connection).health = {
          state: 'ok',
          checkedAt: at.toISOString(),
          detail: 'The upstream accepted a call.',
        };
      }
    },
    setProviderQuota(connection, quota) {
      pendingFor(connection).providerQuota = quota;
    },
    connectionCalls(connection, periodStart) {
      const stored = snapshot.connections[connection]?.period;
      const pending = connections.get(connection)?.calls;
      return (
        (stored?.periodStart === periodStart ? stored.calls : 0) +
        (pending?.periodStart === periodStart ? pending.count : 0) +
        inflightCalls(inflight?.connections?.[connection]?.calls, periodStart)
      );
    },
    accountCalls(account, periodStart) {
      const stored = snapshot.accounts[account];
      const pending = accounts.get(account);
      return (
        (stored?.periodStart === periodStart ? stored.calls : 0) +
        (pending?.periodStart === periodStart ? pending.count : 0) +
        inflightCalls(inflight?.accounts?.[account], periodStart)
      );
    },
    flush,
    async close() {
      clearInterval(timer);
      unsubscribe();
      await flush();
    },
  };
}
