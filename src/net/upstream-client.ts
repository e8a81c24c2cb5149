/**
 * Keyport's one way to call upstreams, on undici: the proxy, verification (`add`, `rotate`,
 * `check`), the health schedule and the bridge all open their dispatchers here. A dispatcher
 * serves one pinned upstream for one credential (a pool of its own: no connection is shared with
 * another token), goes through the outbound proxy the environment or the `proxy` setting names
 * (CONNECT for https; credentials from the proxy URL), trusts the CAs of trust-store.ts plus the
 * connection's own, keeps TCP keep-alive on, reuses TLS sessions (held past garbage collections),
 * and keeps an idle connection for the server's `Keep-Alive: timeout` hint, else 4 s. Bodies have
 * no idle timeout (SSE).
 */
import { KeyportError } from '../errors.js';
import { displayProxy, proxyFor, ProxyUrlError, type NetworkEnv, type ProxySetting } from './outbound-proxy.js';
import { createReuseTracker, type ReuseTracker } from './socket-reuse.js';
import { createSessionHolder, type Connector } from './tls-sessions.js';
import { createTrustStore } from './trust-store.js';
import { loadAgent, loadBuildConnector, loadFetch, loadPool, loadProxyAgent, type Dispatcher } from './undici.js';

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_HEADERS_TIMEOUT_MS = 300_000;
/** How long an idle upstream connection is kept when the server gives no Keep-Alive hint. */
export const IDLE_KEEP_ALIVE_MS = 4_000;
const TCP_KEEP_ALIVE_DELAY_MS = 30_000;

export interface UpstreamClientOptions {
  /** Where HTTPS_PROXY, HTTP_PROXY, NO_PROXY, SSL_CERT_FILE and NODE_EXTRA_CA_CERTS are read. */
  readonly env: NetworkEnv;
  /** The `proxy` setting, read each time a dispatcher is opened. */
  readonly proxySetting: () => ProxySetting;
}

export interface OpenOptions {
  readonly connectTimeoutMs?: number;
  /** How long to wait for a response's head (504 after it in the proxy). */
  readonly headersTimeoutMs?: number;
}

/** What a dispatcher is for: one upstream and the CA its connection trusts besides the usual ones. */
export interface UpstreamTarget {
  readonly url: string;
  readonly ca: string | null;
}

export interface OpenUpstream {
  readonly dispatcher: Dispatcher;
  /** The pinned origin every request of this dispatcher goes to. */
  readonly origin: string;
  /** The outbound proxy (scheme://host:port, no credentials), or null for a direct connection. */
  readonly proxy: string | null;
  /** A fetch over this dispatcher that never follows a redirect (the token goes to this origin only). */
  fetch(input: string | URL, init?: RequestInit): Promise<Response>;
  /** Lets requests in flight finish, then closes the connections. */
  close(): Promise<void>;
  /** Closes the connections now, in flight or not (shutdown). */
  destroy(): Promise<void>;
}

export interface UpstreamClient {
  open(target: UpstreamTarget, options?: OpenOptions): OpenUpstream;
  /** Whether a request went out on a reused connection (for the stale-connection retry). */
  readonly reuse: ReuseTracker;
  close(): void;
}

/** Statuses whose response has no body (a Response with one cannot be constructed). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * undici's fetch answers with undici's own Response class, which is not the runtime's global
 * Response: code that checks `instanceof Response` (the MCP SDK's OAuth error parsing does) would
 * not recognise it. The answer is handed over as a global Response, its body streamed as it is.
 */
function asGlobalResponse(response: Awaited<ReturnType<ReturnType<typeof loadFetch>>>): Response {
  return new Response(NULL_BODY.has(response.status) ? null : (response.body as ReadableStream | null), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers as unknown as Headers,
  });
}

function upstreamOver(dispatcher: Dispatcher, origin: string, proxy: string | null): OpenUpstream {
  return {
    dispatcher,
    origin,
    proxy,
    fetch: async (input, init) =>
      asGlobalResponse(
        await loadFetch()(input, {
          ...(init as object),
          dispatcher,
          redirect: 'manual',
        } as Parameters<ReturnType<typeof loadFetch>>[1]),
      ),
    close: () => dispatcher.close().catch(() => undefined),
    destroy: () => dispatcher.destroy().catch(() => undefined),
  };
}

export function createUpstreamClient(options: UpstreamClientOptions): UpstreamClient {
  const trust = createTrustStore(options.env);
  const reuse = createReuseTracker();

  const open = (target: UpstreamTarget, timeouts: OpenOptions = {}): OpenUpstream => {
    const connectTimeout = timeouts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const pooling = {
      headersTimeout: timeouts.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS,
      bodyTimeout: 0,
      keepAliveTimeout: IDLE_KEEP_ALIVE_MS,
    };
    let url: URL;
    try {
      url = new URL(target.url);
    } catch {
      throw new KeyportError('INVALID_INPUT', `${target.url} is not a valid URL.`);
    }
    let proxy: URL | undefined;
    try {
      proxy = proxyFor(url, options.proxySetting(), options.env);
    } catch (error) {
      if (!(error instanceof ProxyUrlError)) throw error;
      // An unusable proxy URL fails each request (in add, check and the proxy alike, with the
      // message of network-failure.ts) instead of this call: the proxy keeps serving its answers.
      const Agent = loadAgent();
      return upstreamOver(new Agent({ connect: (_options, callback) => callback(error, null) }), url.origin, null);
    }
    const socket = { timeout: connectTimeout, keepAlive: true, keepAliveInitialDelay: TCP_KEEP_ALIVE_DELAY_MS };
    const tls = (secure: boolean) => (secure ? { ...socket, secureContext: trust.contextFor(target.ca) } : socket);
    const connect = tls(url.protocol === 'https:');
    let dispatcher: Dispatcher;
    // TLS sessions are held so that a garbage collection does not end their reuse (tls-sessions.ts).
    const sessions = createSessionHolder();
    if (proxy === undefined) {
      const Agent = loadAgent();
      dispatcher = new Agent({ ...pooling, connect: sessions.wrap(loadBuildConnector()(connect)) });
    } else {
      const ProxyAgent = loadProxyAgent();
      const Pool = loadPool();
      dispatcher = new ProxyAgent({
        ...pooling,
        uri: proxy.href,
        // Plain http upstreams go as absolute-form requests; https ones through a CONNECT tunnel.
        proxyTunnel: false,
        requestTls: connect,
        proxyTls: tls(proxy.protocol === 'https:'),
        // ProxyAgent's default factory is this Pool; only its connector (the tunnel) is wrapped.
        factory: (origin, poolOptions) => {
          const options = poolOptions as { readonly connect: Connector };
          return new Pool(origin, { ...options, connect: sessions.wrap(options.connect) });
        },
      });
    }
    return upstreamOver(dispatcher, url.origin, proxy === undefined ? null : displayProxy(proxy));
  };

  return {
    open,
    reuse,
    close() {
      reuse.dispose();
    },
  };
}
