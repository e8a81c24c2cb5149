/**
 * Keep-alive connections to one upstream origin (http: or https:), as many as requests in flight
 * (an SSE stream holds one for hours, so there is no cap to queue behind), idle ones reused
 * newest first and retired after the keep-alive time or the upstream's own hint, whichever is
 * shorter. Written for the proxy's request path: on these machines undici's general-purpose
 * Pool cost ~100 µs of CPU per request at concurrency 1, about half of what the proxy added.
 */
import { connect as connectTcp, isIP } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { isFieldValue } from '../http1/field-syntax.js';
import { ORIGIN_FORM } from '../http1/request-head.js';
import { UpstreamConnection, type UpstreamCall, type UpstreamHandler } from './upstream-connection.js';
import { UpstreamError } from './upstream-error.js';

export type { UpstreamCall, UpstreamHandler } from './upstream-connection.js';

export interface UpstreamRequest {
  readonly method: string;
  /** Origin-form: a path and an optional query. */
  readonly path: string;
  /** Lower-cased names; Host and Content-Length are set here. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | undefined;
}

export interface UpstreamPoolOptions {
  readonly connectTimeoutMs: number;
  /** From the request written to the response head. */
  readonly headersTimeoutMs: number;
  /** An idle connection is closed after this. */
  readonly keepAliveMs: number;
}

export interface UpstreamPool {
  request(request: UpstreamRequest, handler: UpstreamHandler): UpstreamCall;
  /** Closes every connection, idle or busy. */
  close(): void;
  /** Connections open now (idle and busy), for tests and the benchmark. */
  readonly size: number;
}

/** Retire an idle connection this long before the upstream's own keep-alive hint runs out. */
const HINT_MARGIN_MS = 1000;
const SWEEP_MS = 1000;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const NO_CALL: UpstreamCall = { pause() {}, resume() {}, abort() {} };

export function createUpstreamPool(origin: string, options: UpstreamPoolOptions): UpstreamPool {
  const url = new URL(origin);
  const secure = url.protocol === 'https:';
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const port = Number(url.port) || (secure ? 443 : 80);
  const hostLine = `\r\nhost: ${url.host}\r\n`;
  const timeouts = { connectMs: options.connectTimeoutMs, headersMs: options.headersTimeoutMs };
  const idle: UpstreamConnection[] = [];
  const all = new Set<UpstreamConnection>();
  let sweep: NodeJS.Timeout | undefined;

  const owner = {
    release(connection: UpstreamConnection, hintMs: number | undefined) {
      const keepMs =
        hintMs === undefined ? options.keepAliveMs : Math.min(options.keepAliveMs, hintMs - HINT_MARGIN_MS);
      if (keepMs <= 0) {
        connection.close();
        return;
      }
      connection.idleUntil = Date.now() + keepMs;
      idle.push(connection);
      sweep ??= setInterval(retireExpired, SWEEP_MS).unref();
    },
    forget(connection: UpstreamConnection) {
      all.delete(connection);
      const at = idle.lastIndexOf(connection);
      if (at !== -1) idle.splice(at, 1);
    },
  };

  function retireExpired(): void {
    const now = Date.now();
    for (const connection of [...idle]) if (connection.idleUntil <= now) connection.close();
    if (idle.length === 0) {
      clearInterval(sweep);
      sweep = undefined;
    }
  }

  function open(): UpstreamConnection {
    const socket = secure
      ? connectTls({ host, port, servername: isIP(host) === 0 ? host : undefined, ALPNProtocols: ['http/1.1'] })
      : connectTcp({ host, port });
    const connection = new UpstreamConnection(socket, owner, timeouts, secure ? 'secureConnect' : 'connect');
    all.add(connection);
    return connection;
  }

  function take(): UpstreamConnection {
    const now = Date.now();
    for (let connection = idle.pop(); connection !== undefined; connection = idle.pop()) {
      if (connection.idleUntil > now) return connection;
      connection.close();
    }
    return open();
  }

  return {
    request(request, handler) {
      const head = requestHead(request, hostLine);
      if (head instanceof UpstreamError) {
        process.nextTick(() => handler.onError(head));
        return NO_CALL;
      }
      return take().send(head, request.body, request.method, handler);
    },
    close() {
      for (const connection of [...all]) connection.close();
      clearInterval(sweep);
      sweep = undefined;
    },
    get size() {
      return all.size;
    },
  };
}

/** The request line and fields, or why they cannot be sent as they are. */
function requestHead(request: UpstreamRequest, hostLine: string): string | UpstreamError {
  if (!ORIGIN_FORM.test(request.path)) {
    return new UpstreamError('UPSTREAM_INVALID_REQUEST', 'The upstream path holds a character a request line cannot.');
  }
  let head = `${request.method} ${request.path} HTTP/1.1${hostLine}`;
  const headers = request.headers;
  for (const name in headers) {
    const value = headers[name]!;
    if (!isFieldValue(value, 0, value.length)) {
      return new UpstreamError('UPSTREAM_INVALID_REQUEST', `The ${name} header holds a character HTTP cannot carry.`);
    }
    head += `${name}: ${value}\r\n`;
  }
  const length = request.body?.length ?? 0;
  if (length > 0 || BODY_METHODS.has(request.method)) head += `content-length: ${length}\r\n`;
  return `${head}\r\n`;
}
