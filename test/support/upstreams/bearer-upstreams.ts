/**
 * Real MCP servers (MCP SDK) that require `Authorization: Bearer <token>`, for proxy tests:
 * - stateful Streamable HTTP with sessions, a GET SSE stream and SSE progress notifications;
 * - stateless Streamable HTTP answering plain JSON;
 * - the legacy HTTP+SSE transport (GET /sse + POST /messages).
 * Each records the credential-bearing headers it received, so tests can prove what arrived.
 * With `tls` (a key and certificate, e.g. from test/support/private-ca.ts) it serves https.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import * as z from 'zod';

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** The client's port of the connection the request came on (to find that socket in /proc/net/tcp). */
  readonly remotePort: number;
  /** https: whether the connection resumed an earlier TLS session; null for plain http. */
  readonly tlsResumed: boolean | null;
}

/** How an upstream listens: plain http by default, https with a key and certificate. */
export interface UpstreamServerOptions {
  readonly tls?: { readonly key: string; readonly cert: string };
  /** How the credential must arrive (default `Authorization: Bearer <token>`). */
  readonly accepts?: (req: IncomingMessage, token: string) => boolean;
}

export interface BearerUpstream {
  readonly url: string;
  readonly origin: string;
  readonly seen: SeenRequest[];
  /** Change the token the upstream accepts (e.g. to simulate revocation). */
  setToken(token: string): void;
  /** Closes every open connection (the next request needs a new one). */
  dropConnections(): void;
  /** Lets a gated `count` continue after a progress notification (the test saw it arrive). */
  ack(): void;
  close(): Promise<void>;
}

/** One waiter at a time: a gated tool waits here until the test acknowledges a notification. */
export interface Gate {
  wait(): Promise<void>;
  ack(): void;
}

function createGate(): Gate {
  const pending: Array<() => void> = [];
  let credits = 0;
  return {
    wait: () =>
      credits > 0
        ? Promise.resolve(void (credits -= 1))
        : new Promise<void>((resolve) => {
            pending.push(resolve);
          }),
    ack() {
      const next = pending.shift();
      if (next) next();
      else credits += 1;
    },
  };
}

function buildServer(name: string, gate: Gate): McpServer {
  const server = new McpServer({ name, version: '1.0.0' });
  server.registerTool(
    'echo',
    { description: 'Echoes its text', inputSchema: { text: z.string() } },
    async ({ text }) => ({ content: [{ type: 'text', text }] }),
  );
  server.registerTool(
    'count',
    {
      description: 'Counts to n, sending a progress notification per step',
      inputSchema: { n: z.number(), gated: z.boolean().optional() },
    },
    async ({ n, gated }, extra) => {
      const progressToken = extra._meta?.progressToken;
      for (let step = 1; step <= n; step += 1) {
        if (progressToken !== undefined) {
          await extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken, progress: step, total: n },
          });
        }
        // Gated: the next step waits until the client has received this notification, so a
        // proxy that buffered the stream would never finish.
        if (gated) await gate.wait();
      }
      return { content: [{ type: 'text', text: `counted to ${n}` }] };
    },
  );
  return server;
}

async function start(
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void,
  path: string,
  token: string,
  gate: Gate,
  options: UpstreamServerOptions,
): Promise<BearerUpstream> {
  const seen: SeenRequest[] = [];
  let accepted = token;
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket as Partial<TLSSocket>;
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      headers: { ...req.headers },
      remotePort: req.socket.remotePort ?? 0,
      tlsResumed: typeof socket.isSessionReused === 'function' ? socket.isSessionReused() : null,
    });
    const accepts = options.accepts ?? ((request, expected) => request.headers.authorization === `Bearer ${expected}`);
    if (!accepts(req, accepted)) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="upstream"' });
      res.end(JSON.stringify({ error: 'TOKEN_INVALID' }));
      return;
    }
    void Promise.resolve(handler(req, res)).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
  const server = options.tls ? createHttpsServer(options.tls, listener) : createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}${path}`,
    origin,
    seen,
    setToken: (next) => {
      accepted = next;
    },
    dropConnections: () => server.closeAllConnections(),
    ack: () => gate.ack(),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function startStatefulUpstream(token: string, options: UpstreamServerOptions = {}): Promise<BearerUpstream> {
  const gate = createGate();
  const transports = new Map<string, StreamableHTTPServerTransport>();
  return start(
    async (req, res) => {
      const sessionId = req.headers['mcp-session-id'];
      const existing = typeof sessionId === 'string' ? transports.get(sessionId) : undefined;
      if (existing) {
        await existing.handleRequest(req, res);
        return;
      }
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          transports.set(id, transport);
        },
      });
      transport.onclose = () => {
        if (transport.sessionId) transports.delete(transport.sessionId);
      };
      await buildServer('stateful-upstream', gate).connect(transport);
      await transport.handleRequest(req, res);
    },
    '/mcp',
    token,
    gate,
    options,
  );
}

export function startStatelessUpstream(
  token: string,
  extraHeaders: Record<string, string> = {},
  options: UpstreamServerOptions = {},
): Promise<BearerUpstream> {
  const gate = createGate();
  return start(
    async (req, res) => {
      for (const [name, value] of Object.entries(extraHeaders)) res.setHeader(name, value);
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      const server = buildServer('stateless-upstream', gate);
      res.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(req, res);
    },
    '/v1/mcp?tenant=acme',
    token,
    gate,
    options,
  );
}

export function startLegacySseUpstream(token: string): Promise<BearerUpstream> {
  const gate = createGate();
  const transports = new Map<string, SSEServerTransport>();
  return start(
    async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://upstream');
      if (req.method === 'GET' && url.pathname === '/sse') {
        const transport = new SSEServerTransport('/messages', res);
        transports.set(transport.sessionId, transport);
        res.on('close', () => transports.delete(transport.sessionId));
        await buildServer('legacy-upstream', gate).connect(transport);
        return;
      }
      if (req.method === 'POST' && url.pathname === '/messages') {
        const transport = transports.get(url.searchParams.get('sessionId') ?? '');
        if (!transport) {
          res.writeHead(404).end('no session');
          return;
        }
        await transport.handlePostMessage(req, res);
        return;
      }
      res.writeHead(404).end();
    },
    '/sse',
    token,
    gate,
    {},
  );
}
