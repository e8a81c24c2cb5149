/**
 * A real MCP server (the SDK's low-level Server) with annotated tools, for tool-policy tests. It
 * answers with SSE (stateful sessions, a GET stream) or with JSON (stateless, enableJsonResponse),
 * over Streamable HTTP or the legacy HTTP+SSE transport, lists its tools in pages of `pageSize`,
 * and records every JSON-RPC message that reaches it, read from the raw HTTP bodies (batches too):
 * the proof that a denied call never left the proxy.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';

export const UPSTREAM_TOOLS: readonly Tool[] = [
  {
    name: 'echo',
    description: 'Echoes its text',
    inputSchema: { type: 'object', properties: { text: { type: 'string' } } },
    annotations: { title: 'Echo', readOnlyHint: true, openWorldHint: false },
  },
  {
    name: 'ticks',
    description: 'Counts clock ticks (changes the counter)',
    inputSchema: { type: 'object', properties: {} },
    annotations: { readOnlyHint: false, idempotentHint: false },
  },
  {
    name: 'list_notes',
    description: 'Lists the notes',
    inputSchema: { type: 'object', properties: {} },
    annotations: { readOnlyHint: true },
  },
  {
    name: 'delete_note',
    description: 'Deletes a note for good',
    inputSchema: { type: 'object', properties: { id: { type: 'string' } } },
    annotations: { readOnlyHint: false, destructiveHint: true },
  },
  { name: 'delete_all', description: 'Deletes every note', inputSchema: { type: 'object', properties: {} } },
];

/** One JSON-RPC message the upstream received (method and, for tools/call, the tool). */
export interface ReceivedMessage {
  readonly method: string | undefined;
  readonly tool: string | undefined;
}

export type ToolUpstreamMode = 'sse' | 'json' | 'legacy';

export interface ToolUpstream {
  readonly url: string;
  readonly received: ReceivedMessage[];
  /** Tool names of every tools/call received. */
  calls(): string[];
  close(): Promise<void>;
}

export interface ToolUpstreamOptions {
  readonly mode: ToolUpstreamMode;
  readonly token: string;
  /** Tools per tools/list page (default: all in one page). */
  readonly pageSize?: number;
  readonly tools?: readonly Tool[];
}

function buildServer(tools: readonly Tool[], pageSize: number): Server {
  const server = new Server(
    { name: 'tool-upstream', version: '1.0.0' },
    { capabilities: { tools: { listChanged: true } } },
  );
  server.setRequestHandler(ListToolsRequestSchema, (request) => {
    const start = Number(request.params?.cursor ?? '0');
    const page = tools.slice(start, start + pageSize);
    const next = start + pageSize < tools.length ? String(start + pageSize) : undefined;
    return { tools: [...page], ...(next === undefined ? {} : { nextCursor: next }) };
  });
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const name = request.params.name;
    if (name === 'ticks') {
      // A notification on the same stream before the answer (passes through the filter unchanged).
      await extra.sendNotification({ method: 'notifications/tools/list_changed' });
    }
    const text = typeof request.params.arguments?.text === 'string' ? request.params.arguments.text : name;
    return { content: [{ type: 'text', text: `${name}: ${text}` }] };
  });
  return server;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

function record(received: ReceivedMessage[], body: unknown): void {
  for (const message of Array.isArray(body) ? body : [body]) {
    const { method, params } = (message ?? {}) as { method?: unknown; params?: { name?: unknown } };
    received.push({
      method: typeof method === 'string' ? method : undefined,
      tool: method === 'tools/call' && typeof params?.name === 'string' ? params.name : undefined,
    });
  }
}

export async function startToolUpstream(options: ToolUpstreamOptions): Promise<ToolUpstream> {
  const tools = options.tools ?? UPSTREAM_TOOLS;
  const pageSize = options.pageSize ?? tools.length;
  const received: ReceivedMessage[] = [];
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const legacy = new Map<string, SSEServerTransport>();

  const streamable = async (req: IncomingMessage, res: ServerResponse, body: unknown) => {
    if (options.mode === 'json') {
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      const server = buildServer(tools, pageSize);
      res.on('close', () => void server.close());
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
      return;
    }
    const sessionId = req.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (existing) {
      await existing.handleRequest(req, res, body);
      return;
    }
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void sessions.set(id, transport),
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await buildServer(tools, pageSize).connect(transport);
    await transport.handleRequest(req, res, body);
  };

  const legacySse = async (req: IncomingMessage, res: ServerResponse, body: unknown) => {
    const url = new URL(req.url ?? '/', 'http://upstream');
    if (req.method === 'GET' && url.pathname === '/sse') {
      const transport = new SSEServerTransport('/messages', res);
      legacy.set(transport.sessionId, transport);
      res.on('close', () => legacy.delete(transport.sessionId));
      await buildServer(tools, pageSize).connect(transport);
      return;
    }
    const transport = legacy.get(url.searchParams.get('sessionId') ?? '');
    if (req.method !== 'POST' || url.pathname !== '/messages' || transport === undefined) {
      res.writeHead(404).end();
      return;
    }
    await transport.handlePostMessage(req, res, body);
  };

  const server = createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${options.token}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"TOKEN_INVALID"}');
      return;
    }
    void (async () => {
      let body: unknown;
      if (req.method === 'POST') {
        const text = await readBody(req);
        body = JSON.parse(text) as unknown;
        record(received, body);
      }
      await (options.mode === 'legacy' ? legacySse(req, res, body) : streamable(req, res, body));
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}${options.mode === 'legacy' ? '/sse' : '/mcp'}`,
    received,
    calls: () => received.flatMap((message) => (message.tool === undefined ? [] : [message.tool])),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
