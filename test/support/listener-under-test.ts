/**
 * The proxy's listener (src/proxy/listener/) on 127.0.0.1:0 with a small test handler, for its
 * socket-level tests. Listeners close after each test, so the tests that use it must not run
 * concurrently: one test's clean-up would cut another's connections.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect } from 'vitest';
import {
  createProxyListener,
  DEFAULT_TIMEOUTS,
  type ListenerTimeouts,
  type ProxyListener,
} from '../../src/proxy/listener/http-listener.js';
import { readBody } from '../../src/proxy/listener/read-body.js';
import { WireClient, type WireResponse } from './wire-client.js';

export type TestRoute = (req: IncomingMessage, res: ServerResponse) => void;

export interface Listener {
  readonly port: number;
  readonly proxy: ProxyListener;
  /** "METHOD url" of every request the handler saw, in order. */
  readonly seen: string[];
  /** TCP connections accepted. */
  connections: number;
}

const open: ProxyListener[] = [];

/** Registers the clean-up; call once at the top of a test file. */
export function closeListenersAfterEach(): void {
  afterEach(async () => {
    for (const listener of open.splice(0)) {
      listener.closeAllConnections();
      await new Promise((resolve) => listener.server.close(resolve));
    }
  });
}

export function text(res: ServerResponse, status: number, body: string, close = false): void {
  if (close) res.setHeader('connection', 'close');
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Routes of the test handler; `extra` adds per-test routes. */
function testHandler(seen: string[], extra: Record<string, TestRoute>): TestRoute {
  return (req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const [path, query = ''] = req.url!.split('?') as [string, string?];
    const route = extra[path];
    if (route !== undefined) return route(req, res);
    switch (path) {
      case '/hello':
        return text(res, 200, 'hello');
      case '/echo':
        return readBody(req, res, 64, (result) => {
          if (result.kind === 'too-large') text(res, 413, 'too large', true);
          else if (result.kind === 'body') text(res, 200, result.body.toString('latin1'));
        });
      case '/chunked':
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write(Buffer.from('a'));
        res.write(Buffer.from('bb'));
        return res.end('ccc');
      case '/late': {
        // Answers after `query` turns of the event loop, so a later request could overtake it.
        let turns = Number(query);
        const tick = () => (turns-- > 0 ? setImmediate(tick) : text(res, 200, `late ${query}`));
        return tick();
      }
      case '/ignore':
        // Answers without reading the body, as the proxy's refusals do: the connection closes.
        return text(res, 200, 'ignored', true);
      case '/no-content':
        res.writeHead(204, { 'x-a': '1' });
        return res.end();
      default:
        return text(res, 404, 'nope');
    }
  };
}

export async function listen(
  extra: Record<string, TestRoute> = {},
  timeouts: ListenerTimeouts = DEFAULT_TIMEOUTS,
): Promise<Listener> {
  const seen: string[] = [];
  const handler = testHandler(seen, extra);
  const proxy = createProxyListener((req, res) => handler(req, res), timeouts);
  open.push(proxy);
  await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
  const listener: Listener = { port: (proxy.server.address() as AddressInfo).port, proxy, seen, connections: 0 };
  proxy.server.on('connection', () => (listener.connections += 1));
  return listener;
}

export async function wire(listener: Listener, bytes: string): Promise<WireClient> {
  const client = await WireClient.open(listener.port);
  client.write(bytes);
  return client;
}

export function jsonRpcError(response: WireResponse | undefined): { code: number; message: string } {
  expect(response?.headers['content-type']).toBe('application/json');
  expect(response?.headers.connection).toBe('close');
  const body = JSON.parse(response!.body) as { jsonrpc: string; id: unknown; error: { code: number; message: string } };
  expect(body).toMatchObject({ jsonrpc: '2.0', id: null });
  return body.error;
}

export const GET = (path: string, ...fields: string[]) =>
  ['GET ' + path + ' HTTP/1.1', 'Host: a', ...fields, '', ''].join('\r\n');
