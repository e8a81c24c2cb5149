/**
 * Metering off the hot path: each request adds to in-memory counters; a timer (and close)
 * turns them into one UsageDelta for UsageStore.apply. A failed apply puts the delta back,
 * so no count is lost. It also answers "how many calls in this period so far" for the hard
 * stop, from the last usage.json snapshot plus what is pending plus the calls reserved on their
 * way upstream (quota-reservations.ts). Counts by name are Maps (request-derived method names are
 * plain keys there) with distinct method names capped per connection (usage-counts.ts).
 */
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { ConnectionUsageDelta, UsageDelta, UsageStore } from '../store/metadata-store.js';
import type { Health, ProviderQuota, UsageFile } from '../store/schema.js';
import type { RpcMessageInfo } from './jsonrpc-inspect.js';
import { addCount, countsOf, MAX_METHOD_NAMES, OTHER_METHODS } from '../store/usage-counts.js';
import { mergeHealth } from '../store/usage-merge.js';
import { localDateKey } from '../tokens/local-date.js';
import { createQuotaReservations, type Reservation } from './quota-reservations.js';
import { ownEntry } from '../store/own-entry.js';

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
  /** The hard stop's reservation for these calls, now counted here instead. */
  readonly reservation?: Reservation | undefined;
}

interface PendingConnection {
  /** Epoch ms; formatted at flush time. */
  lastUsedAt?: number;
  calls?: { periodStart: string; count: number };
  requests: number;
  byMethod: Map<string, number>;
  byClient: Map<string, number>;
  daily: Map<string, number>;
  health?: Health;
  providerQuota?: ProviderQuota;
}

/** What the hard stop asks to reserve before a call goes upstream. */
export interface ReserveRequest {
  readonly connection: string;
  /** The connection's own period (counted calls are filed there). */
  readonly periodStart: string;
  /** The account whose quota applies, if the connection shares one. */
  readonly account: { readonly name: string; readonly periodStart: string } | null;
  readonly count: number;
  readonly limit: number;
  readonly at: Date;
}

export interface UsageMeter {
  record(record: MeterRecord): void;
  setHealth(connection: string, health: Health): void;
  /** A 2xx from the upstream: a connection marked rejected or unreachable is healthy again. */
  noteSuccess(connection: string, at: Date): void;
  setProviderQuota(connection: string, quota: ProviderQuota): void;
  /** Calls counted in the given period: last known file state plus pending plus reserved. */
  connectionCalls(connection: string, periodStart: string): number;
  accountCalls(account: string, periodStart: string): number;
  /**
   * Reserves `count` calls against `limit` (the account's quota when there is one), or says how many
   * are used when they do not fit. Checking and reserving are one step: no two calls can both take
   * the last unit of room.
   */
  reserve(request: ReserveRequest): { readonly reservation: Reservation } | { readonly used: number };
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
      entry = { requests: 0, byMethod: new Map(), byClient: new Map(), daily: new Map() };
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
        byMethod: countsOf(entry.byMethod),
        byClient: countsOf(entry.byClient),
        daily: countsOf(entry.daily),
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
      for (const [key, value] of Object.entries(out.byMethod ?? {})) countMethod(name, entry, key, value);
      for (const [key, value] of Object.entries(out.byClient ?? {})) addCount(entry.byClient, key, value);
      for (const [key, value] of Object.entries(out.daily ?? {})) addCount(entry.daily, key, value);
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
  const reservations = createQuotaReservations();

  /**
   * Pending counts per method, capped like usage.json's: a name usage.json already has is always
   * its own key; beyond MAX_METHOD_NAMES other new names, they wait as `other`.
   */
  function countMethod(connection: string, entry: PendingConnection, method: string, count: number): void {
    const stored = ownEntry(snapshot.connections, connection)?.byMethod;
    const known = entry.byMethod.has(method) || (stored !== undefined && Object.hasOwn(stored, method));
    addCount(entry.byMethod, known || entry.byMethod.size < MAX_METHOD_NAMES ? method : OTHER_METHODS, count);
  }

  /** Counted calls of a connection (and its account), filed in their periods and on their day. */
  const countCalls = (
    connection: string,
    count: number,
    periodStart: string,
    account: { readonly name: string; readonly periodStart: string } | null,
    at: Date,
  ): void => {
    const entry = pendingFor(connection);
    entry.calls = addCalls(entry.calls, periodStart, count);
    addCount(entry.daily, dayOf(at), count);
    if (account) accounts.set(account.name, addCalls(accounts.get(account.name), account.periodStart, count));
  };

  const connectionCalls = (connection: string, periodStart: string): number => {
    const stored = ownEntry(snapshot.connections, connection)?.period;
    const pending = connections.get(connection)?.calls;
    return (
      (stored?.periodStart === periodStart ? stored.calls : 0) +
      (pending?.periodStart === periodStart ? pending.count : 0) +
      inflightCalls(inflight?.connections?.[connection]?.calls, periodStart) +
      reservations.connectionHeld(connection)
    );
  };
  const accountCalls = (account: string, periodStart: string): number => {
    const stored = ownEntry(snapshot.accounts, account);
    const pending = accounts.get(account);
    return (
      (stored?.periodStart === periodStart ? stored.calls : 0) +
      (pending?.periodStart === periodStart ? pending.count : 0) +
      inflightCalls(inflight?.accounts?.[account], periodStart) +
      reservations.accountHeld(account)
    );
  };

  return {
    record(record) {
      const entry = pendingFor(record.connection);
      const at = record.at.getTime();
      entry.lastUsedAt = at;
      entry.requests += 1;
      for (const message of record.messages) {
        if (message.method !== undefined) countMethod(record.connection, entry, message.method, 1);
      }
      if (record.client !== null) {
        addCount(entry.byClient, record.client, 1);
        clients.set(record.client, at);
      }
      record.reservation?.metered();
      if (record.counted > 0) {
        countCalls(record.connection, record.counted, record.periodStart, record.account, record.at);
      }
    },
    reserve(request) {
      const used = request.account
        ? accountCalls(request.account.name, request.account.periodStart)
        : connectionCalls(request.connection, request.periodStart);
      if (used + request.count > request.limit) return { used };
      const reservation = reservations.hold(request.connection, request.account?.name ?? null, request.count, (count) =>
        countCalls(request.connection, count, request.periodStart, request.account, request.at),
      );
      return { reservation };
    },
    setHealth(connection, health) {
      const entry = pendingFor(connection);
      // The same rule as usage.json's merge: "unreachable" never replaces a pending "rejected".
      entry.health = mergeHealth(entry.health ?? null, health);
    },
    noteSuccess(connection, at) {
      const pending = connections.get(connection)?.health;
      const state = pending?.state ?? ownEntry(snapshot.connections, connection)?.health?.state;
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
    connectionCalls,
    accountCalls,
    flush,
    async close() {
      clearInterval(timer);
      unsubscribe();
      await flush();
    },
  };
}
