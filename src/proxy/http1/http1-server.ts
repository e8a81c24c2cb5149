/**
 * The proxy's listener: a plain TCP server speaking just enough HTTP/1.1 to proxy MCP, without
 * node:http's per-request stream objects (on these machines they cost more than everything
 * Keyport does per request). One sweep a second enforces the head, request and keep-alive
 * timeouts, so the request path sets no timers.
 */
import { createServer, type Server } from 'node:net';
import { Http1Connection, type ConnectionTimeouts, type ProxyRequestHandler } from './http1-connection.js';

export const DEFAULT_TIMEOUTS: ConnectionTimeouts = { headersMs: 60_000, requestMs: 300_000, keepAliveMs: 65_000 };
const SWEEP_MS = 1000;

export interface Http1Server {
  readonly server: Server;
  /** Closes connections with no request in progress (the listener stops separately). */
  closeIdleConnections(): void;
  closeAllConnections(): void;
}

export function createHttp1Server(
  handler: ProxyRequestHandler,
  timeouts: ConnectionTimeouts = DEFAULT_TIMEOUTS,
): Http1Server {
  const connections = new Set<Http1Connection>();
  const server = createServer({ noDelay: true }, (socket) => {
    const connection = new Http1Connection(socket, handler, timeouts);
    connections.add(connection);
    socket.once('close', () => connections.delete(connection));
  });
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const connection of connections) connection.expire(now);
  }, SWEEP_MS);
  sweep.unref();
  server.once('close', () => clearInterval(sweep));
  return {
    server,
    closeIdleConnections() {
      for (const connection of connections) if (connection.idle) connection.socket.destroy();
    },
    closeAllConnections() {
      for (const connection of connections) connection.socket.destroy();
    },
  };
}
