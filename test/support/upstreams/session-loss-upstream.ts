/**
 * A stateful MCP upstream (MCP SDK, bearer-protected) that answers an unknown session id with
 * 404 as the Streamable HTTP spec requires, and can forget every session — as an upstream does
 * after a restart — so clients' recovery can be tested.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import * as z from 'zod';

export interface SessionLossUpstream {
  readonly url: string;
  /** Initialize requests seen so far. */
  initializeCount(): number;
  forgetSessions(): Promise<void>;
  close(): Promise<void>;
}

export async function startSessionLossUpstream(token: string): Promise<SessionLossUpstream> {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  let initializes = 0;
  const server = createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401).end();
      return;
    }
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const existing = sessions.get(sessionId);
      if (existing) void existing.handleRequest(req, res);
      else {
        // Read the body first, as a real server does, then answer 404.
        req.resume();
        req.once('end', () =>
          res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"session not found"}'),
        );
      }
      return;
    }
    initializes += 1;
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void sessions.set(id, transport),
    });
    const mcp = new McpServer({ name: 'session-loss-upstream', version: '1.0.0' });
    mcp.registerTool('echo', { inputSchema: { text: z.string() } }, async ({ text }) => ({
      content: [{ type: 'text', text }],
    }));
    void mcp.connect(transport).then(() => transport.handleRequest(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`,
    initializeCount: () => initializes,
    forgetSessions: async () => {
      const all = [...sessions.values()];
      sessions.clear();
      await Promise.all(all.map((transport) => transport.close()));
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
