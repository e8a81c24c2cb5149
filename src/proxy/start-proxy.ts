/**
 * Starts the localhost MCP proxy (what `keyport serve` and the desktop app run): Keyport's own
 * HTTP/1.1 listener (http1/) bound to 127.0.0.1, Keyport's own keep-alive connection pool per
 * upstream origin (upstream/), the vault cache warmed up front, live metadata updates, batched
 * metering and audit log, health checks.
 */
import type { Server } from 'node:net';
import type { CoreContext } from '../core/context.js';
import { KeyportError } from '../errors.js';
import type { Metadata } from '../store/schema.js';
import { publishAppliedClients } from './applied-clients.js';
import { createAuditLog } from './audit-log.js';
import { startHealthSchedule, type HealthSchedule, type HealthVerifier } from './health-schedule.js';
import { createHostCheck } from './host-check.js';
import { createHttp1Server } from './http1/http1-server.js';
import { createProxyHandler } from './proxy-handler.js';
import { buildRouteTable, staleTokenNames, type RouteTable } from './route-table.js';
import { createUsageMeter } from './usage-meter.js';
import { createUpstreamPool, type UpstreamPool } from './upstream/upstream-pool.js';

export const PROXY_HOST = '127.0.0.1';

export interface StartProxyOptions {
  readonly context: CoreContext;
  /** 0 takes a free port. */
  readonly port: number;
  readonly flushIntervalMs?: number;
  readonly connectTimeoutMs?: number;
  /** How long to wait for the upstream's response headers (504 after). */
  readonly headersTimeoutMs?: number;
  readonly auditMaxBytes?: number;
  /** Health re-checks at start and every settings.checkIntervalHours; omitted = none. */
  readonly verify?: HealthVerifier;
}

export interface RunningProxy {
  readonly port: number;
  readonly url: string;
  /** Persists pending usage and audit lines now. */
  flush(): Promise<void>;
  /** Health checks now (all connections or the given names). Undefined without a verifier. */
  readonly health: HealthSchedule | undefined;
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        reject(
          new KeyportError(
            'PORT_IN_USE',
            `Port ${port} on ${PROXY_HOST} is already in use (is another \`keyport serve\` or the Keyport app running?). ` +
              'Stop it, or choose another port with `--port <n>` or KEYPORT_PORT.',
          ),
        );
      } else
        reject(new KeyportError('INTERNAL', `The proxy could not listen on port ${port}: ${error.code ?? 'error'}.`));
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, PROXY_HOST);
  });
}

export async function startProxy(options: StartProxyOptions): Promise<RunningProxy> {
  const { context } = options;
  const { vault, logger, clock } = context;
  let metadata: Metadata = context.metadata.read();
  let table: RouteTable = buildRouteTable(metadata);

  const warm = async (names: readonly string[]) => {
    await Promise.all(
      names.map((name) =>
        vault.get(name).catch((error: unknown) => {
          logger.warn('Token not available from the keychain', {
            connection: name,
            code: (error as { code?: string }).code ?? 'INTERNAL',
          });
        }),
      ),
    );
  };
  await warm(Object.keys(metadata.connections));

  // Tells `keyport client remove` (and anyone waiting) which client keys this table accepts.
  const applied = publishAppliedClients({ dataDir: context.dataDir });
  applied.publish(metadata);
  const unsubscribe = context.metadata.onChange((next) => {
    const stale = staleTokenNames(metadata, next);
    for (const name of stale) vault.invalidate(name);
    metadata = next;
    table = buildRouteTable(next);
    applied.publish(next);
    void warm(stale.filter((name) => next.connections[name] !== undefined));
  });

  const pools = new Map<string, UpstreamPool>();
  const upstream = (origin: string): UpstreamPool => {
    let pool = pools.get(origin);
    if (pool === undefined) {
      pool = createUpstreamPool(origin, {
        connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
        headersTimeoutMs: options.headersTimeoutMs ?? 300_000,
        keepAliveMs: 30_000,
      });
      pools.set(origin, pool);
    }
    return pool;
  };

  const meter = createUsageMeter({
    usage: context.usage,
    clock,
    logger,
    ...(options.flushIntervalMs ? { flushIntervalMs: options.flushIntervalMs } : {}),
  });
  const audit = createAuditLog({
    dataDir: context.dataDir,
    ...(options.auditMaxBytes ? { maxBytes: options.auditMaxBytes } : {}),
  });
  const auditTimer = setInterval(() => void audit.flush(), options.flushIntervalMs ?? 2000);
  auditTimer.unref();

  const hostCheck = { current: createHostCheck(options.port) };
  const listener = createHttp1Server(
    createProxyHandler({
      hostCheck: (host, origin, fetchSite) => hostCheck.current(host, origin, fetchSite),
      table: () => table,
      vault,
      meter,
      audit,
      clock,
      upstream,
    }),
  );
  const server = listener.server;
  let port: number;
  try {
    port = await listen(server, options.port);
    hostCheck.current = createHostCheck(port);
  } catch (error) {
    unsubscribe();
    await applied.close();
    clearInterval(auditTimer);
    server.close(); // emits 'close' even when it never listened, which stops the listener's sweep
    await meter.close();
    throw error;
  }

  const health = options.verify
    ? startHealthSchedule({
        metadata: () => metadata,
        vault,
        meter,
        verify: options.verify,
        clock,
        logger,
      })
    : undefined;

  let closing: Promise<void> | undefined;
  return {
    port,
    url: `http://${PROXY_HOST}:${port}`,
    health,
    async flush() {
      await Promise.all([meter.flush(), audit.flush()]);
    },
    close() {
      closing ??= (async () => {
        health?.stop();
        unsubscribe();
        clearInterval(auditTimer);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        listener.closeIdleConnections();
        setTimeout(() => listener.closeAllConnections(), 1000).unref();
        await closed;
        await Promise.all([meter.close(), audit.flush(), applied.close()]);
        for (const pool of pools.values()) pool.close();
      })();
      return closing;
    },
  };
}
