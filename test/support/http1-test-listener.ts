/**
 * A Keyport HTTP/1.1 listener on 127.0.0.1:0 with a small test handler, for the listener's
 * socket-level tests (test/src/proxy/http1/http1-server*.test.ts). Listeners close after each test.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, expect } from 'vitest';
import type { ConnectionTimeouts, ProxyRequestHandler } from '../../src/proxy/http1/http1-connection.js';
import { createHttp1Server, type Http1Server } from '../../src/proxy/http1/http1-server.js';
import type { ProxyResponse } from '../../src/proxy/http1/proxy-response.js';
import { WireClient, type WireResponse } from './wire-client.js';

export interface Listener {
  readonly port: number;
  readonly http1: Http1Server;
  /** "METHOD url" of every request the handler saw, in order. */
  readonly seen: string[];
  /** TCP connections accepted. */
  connections: number;
}

const open: Http1Server[] = [];

/**
 * Registers the clean-up; call once at the top of a test file. It closes every open listener
 * after each test, so the tests that use it must not run concurrently: one test's clean-up would
 * cut another's connections.
 */
export function closeListenersAfterEach(): void {
  afterEach(async () => {
    for (const http1 of open.splice(0)) {
      http1.closeAllConnections();
      await new Promise((resolve) => http1.server.close(resolve));
    }
  });
}

export function text(res: ProxyResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Routes of the test handler; `extra` adds per-test routes. */
function testHandler(seen: string[], extra: Record<string, ProxyRequestHandler> = {}): ProxyRequestHandler {
  return (req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const [path, query = ''] = req.url.split('?') as [string, string?];
    const route = extra[path];
    if (route !== undefined) return route(req, res);
    switch (path) {
      case '/hello':
        return text(res, 200, 'hello');
      case '/echo':
        return req.readBody(64, (tooLarge, body) =>
          tooLarge ? text(res, 413, 'too large') : text(res, 200, body!.toString('latin1')),
        );
      case '/chunked':
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write(Buffer.from('a'));
        res.write(Buffer.alloc(0)); // must not become the last chunk
        res.write(Buffer.from('bb'));
        return res.end('ccc');
      case '/late': {
        // Answers after `query` turns of the event loop, so a later request could overtake it.
        let turns = Number(query);
        const tick = () => (turns-- > 0 ? setImmediate(tick) : text(res, 200, `late ${query}`));
        return tick();
      }
      case '/ignore':
        return text(res, 200, 'ignored');
      case '/no-content':
        res.writeHead(204, { 'x-a': '1' });
        return res.end();
      default:
        return text(res, 404, 'nope');
    }
  };
}

export async function listen(
  extra?: Record<string, ProxyRequestHandler>,
  timeouts?: ConnectionTimeouts,
): Promise<Listener> {
  const seen: string[] = [];
  const http1 = createHttp1Server(testHandler(seen, extra), timeouts);
  open.push(http1);
  await new Promise<void>((resolve) => http1.server.listen(0, '127.0.0.1', resolve));
  const listener: Listener = { port: (http1.server.address() as AddressInfo).port, http1, seen, connections: 0 };
  http1.server.on('connection', () => (listener.connections += 1));
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
