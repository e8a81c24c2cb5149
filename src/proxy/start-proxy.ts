/**
 * Starts the localhost MCP proxy (what `keyport serve` and the desktop app run): a node:http
 * listener with Keyport's checks (listener/) bound to 127.0.0.1, an undici pool per connection
 * (net/upstream-client.ts: outbound proxies, trusted CAs), the vault cache warmed up front, live
 * metadata updates, batched metering and audit log, health checks.
 */
import type { Server } from 'node:net';
import type { CoreContext } from '../core/context.js';
import { KeyportError } from '../errors.js';
import type { OpenOptions, OpenUpstream } from '../net/upstream-client.js';
import type { Metadata } from '../store/schema.js';
import { readToolListCache } from '../store/tool-list-cache.js';
import { createAnnouncedEndpoints } from './announced-endpoints.js';
import { publishAppliedClients } from './applied-clients.js';
import { createAuditLog } from './audit-log.js';
import { startHealthSchedule, type HealthSchedule, type HealthVerifier } from './health-schedule.js';
import { createHostCheck } from './host-check.js';
import { createProxyListener, DEFAULT_TIMEOUTS, type ListenerTimeouts } from './listener/http-listener.js';
import { createProxyHandler } from './proxy-handler.js';
import { buildRouteTable, staleTokenNames, type Route, type RouteTable } from './route-table.js';
import { createToolCatalog } from './tool-catalog.js';
import { createUsageMeter } from './usage-meter.js';
import { ownEntry } from '../store/own-entry.js';

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
  /** The listener's head, request and keep-alive timeouts. */
  readonly listenerTimeouts?: ListenerTimeouts;
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
  const { credentials, logger, clock } = context;
  let metadata: Metadata = context.metadata.read();
  let table: RouteTable = buildRouteTable(metadata);

  // Keychain tokens and OAuth access tokens are read up front; a token command runs on first use.
  const warm = async (names: readonly string[]) => {
    const connections = names
      .map((name) => ownEntry(metadata.connections, name))
      .filter((connection) => connection !== undefined && connection.kind !== 'command');
    await Promise.all(
      connections.map((connection) =>
        credentials.get(connection!).catch((error: unknown) => {
          logger.warn('Credential not available', {
            connection: connection!.name,
            code: (error as { code?: string }).code ?? 'INTERNAL',
          });
        }),
      ),
    );
  };
  await warm(Object.keys(metadata.connections));

  // One pool per connection, replaced when its URL, CA, token or the proxy setting changes.
  const pools = new Map<string, { route: Route; readonly upstream: OpenUpstream }>();
  const timeouts: OpenOptions = {
    ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    ...(options.headersTimeoutMs ? { headersTimeoutMs: options.headersTimeoutMs } : {}),
  };
  const openUpstream = (route: Route) =>
    context.network.open({ url: route.connection.url, ca: route.connection.ca }, timeouts);
  const upstream = (route: Route): OpenUpstream => {
    const pooled = pools.get(route.name);
    if (pooled !== undefined) {
      if (pooled.route === route) return pooled.upstream;
      if (pooled.route.poolKey === route.poolKey) {
        pooled.route = route;
        return pooled.upstream;
      }
      void pooled.upstream.close();
    }
    const opened = openUpstream(route);
    pools.set(route.name, { route, upstream: opened });
    return opened;
  };
  const endpoints = createAnnouncedEndpoints();
  const tools = createToolCatalog({
    loadCached: ({ name, url }) =>
      readToolListCache(context.dataDir, name, url)?.tools.map(
        (tool) => [tool.name, tool.annotations.readOnlyHint === true] as const,
      ),
  });

  // Tells `keyport client remove` (and anyone waiting) which client keys this table accepts.
  const applied = publishAppliedClients({ dataDir: context.dataDir });
  applied.publish(metadata);
  const unsubscribe = context.metadata.onChange((next) => {
    const stale = staleTokenNames(metadata, next);
    for (const name of stale) credentials.invalidate(name);
    metadata = next;
    table = buildRouteTable(next);
    for (const [name, pooled] of pools) {
      if (table.routes.has(name)) continue;
      pools.delete(name);
      void pooled.upstream.close();
    }
    endpoints.retain(new Set(table.routes.keys()));
    tools.metadataChanged(Object.values(next.connections));
    applied.publish(next);
    void warm(stale.filter((name) => ownEntry(next.connections, name) !== undefined));
  });

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
  const listener = createProxyListener(
    createProxyHandler({
      hostCheck: (host, origin, fetchSite) => hostCheck.current(host, origin, fetchSite),
      table: () => table,
      credentials,
      meter,
      audit,
      clock,
      upstream,
      freshUpstream: openUpstream,
      reuse: context.network.reuse,
      endpoints,
      tools,
    }),
    options.listenerTimeouts ?? DEFAULT_TIMEOUTS,
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
    server.close();
    await meter.close();
    throw error;
  }

  const health = options.verify
    ? startHealthSchedule({
        metadata: () => metadata,
        credentials,
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
        await Promise.all([...pools.values()].map((pooled) => pooled.upstream.destroy()));
      })();
      return closing;
    },
  };
}
