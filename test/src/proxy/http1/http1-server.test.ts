// The proxy's HTTP/1.1 listener over real sockets on 127.0.0.1: keep-alive, pipelining,
// HTTP/1.0, HEAD, chunked responses read by undici and node:http, 100-continue, refusals,
// timeouts, client disconnects and backpressure.
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionTimeouts, ProxyRequestHandler } from '../../../../src/proxy/http1/http1-connection.js';
import { createHttp1Server, type Http1Server } from '../../../../src/proxy/http1/http1-server.js';
import type { ProxyResponse } from '../../../../src/proxy/http1/proxy-response.js';
import { WireClient, type WireResponse } from '../../../support/wire-client.js';

interface Listener {
  readonly port: number;
  readonly http1: Http1Server;
  /** "METHOD url" of every request the handler saw, in order. */
  readonly seen: string[];
  /** TCP connections accepted. */
  connections: number;
}

const open: Http1Server[] = [];

afterEach(async () => {
  for (const http1 of open.splice(0)) {
    http1.closeAllConnections();
    await new Promise((resolve) => http1.server.close(resolve));
  }
});

function text(res: ProxyResponse, status: number, body: string): void {
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

async function listen(extra?: Record<string, ProxyRequestHandler>, timeouts?: ConnectionTimeouts): Promise<Listener> {
  const seen: string[] = [];
  const http1 = createHttp1Server(testHandler(seen, extra), timeouts);
  open.push(http1);
  await new Promise<void>((resolve) => http1.server.listen(0, '127.0.0.1', resolve));
  const listener: Listener = { port: (http1.server.address() as AddressInfo).port, http1, seen, connections: 0 };
  http1.server.on('connection', () => (listener.connections += 1));
  return listener;
}

async function wire(listener: Listener, bytes: string): Promise<WireClient> {
  const client = await WireClient.open(listener.port);
  client.write(bytes);
  return client;
}

function jsonRpcError(response: WireResponse | undefined): { code: number; message: string } {
  expect(response?.headers['content-type']).toBe('application/json');
  expect(response?.headers.connection).toBe('close');
  const body = JSON.parse(response!.body) as { jsonrpc: string; id: unknown; error: { code: number; message: string } };
  expect(body).toMatchObject({ jsonrpc: '2.0', id: null });
  return body.error;
}

const GET = (path: string, ...fields: string[]) =>
  ['GET ' + path + ' HTTP/1.1', 'Host: a', ...fields, '', ''].join('\r\n');

describe('keep-alive and pipelining', () => {
  it('Given an undici client with one connection, when it sends five requests, then all are answered over one socket', async () => {
    const listener = await listen();
    const client = new Client(`http://127.0.0.1:${listener.port}`);
    try {
      for (let index = 0; index < 5; index += 1) {
        const response = await client.request({ path: index % 2 === 0 ? '/hello' : '/chunked', method: 'GET' });
        expect(await response.body.text()).toBe(index % 2 === 0 ? 'hello' : 'abbccc');
      }
    } finally {
      await client.close();
    }
    expect(listener.connections).toBe(1);
    expect(listener.seen).toHaveLength(5);
  });

  it('Given three pipelined requests (the first slowest) with bodies, when sent in one write, then they are answered in order', async () => {
    const listener = await listen();
    const client = await wire(
      listener,
      GET('/late?5') +
        'POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world' +
        'POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n' +
        GET('/late?1') +
        GET('/hello', 'Connection: close'),
    );
    const responses = await client.all();
    expect(responses.map((response) => response.body)).toEqual(['late 5', 'hello world', 'abcde', 'late 1', 'hello']);
    expect(responses.at(-1)?.headers.connection).toBe('close');
    expect(listener.seen).toEqual(['GET /late?5', 'POST /echo', 'POST /echo', 'GET /late?1', 'GET /hello']);
  });

  it('Given an idle keep-alive connection and one with a request in progress, when closeIdleConnections runs, then only the idle one closes', async () => {
    let release: (() => void) | undefined;
    const listener = await listen({ '/wait': (_req, res) => (release = () => text(res, 200, 'released')) });
    const idle = await wire(listener, GET('/hello'));
    await idle.responses(1);
    const busy = await wire(listener, GET('/wait'));
    await expect.poll(() => release).toBeDefined();
    listener.http1.closeIdleConnections();
    await idle.closed;
    release!();
    expect((await busy.responses(1))[0]?.body).toBe('released');
    busy.destroy();
  });
});

describe('HTTP/1.0', () => {
  it('Given an HTTP/1.0 request, when the response has no length, then the body is delimited by the close', async () => {
    const listener = await listen();
    const client = await wire(listener, 'GET /chunked HTTP/1.0\r\n\r\n');
    const [response] = await client.all();
    expect(response?.headers['transfer-encoding']).toBeUndefined();
    expect(response?.headers['content-length']).toBeUndefined();
    expect(response?.headers.connection).toBe('close');
    expect(response?.body).toBe('abbccc');
  });

  it('Given an HTTP/1.0 request without keep-alive, when answered with a length, then the connection closes', async () => {
    const listener = await listen();
    const client = await wire(listener, 'GET /hello HTTP/1.0\r\n\r\n');
    const responses = await client.all();
    expect(responses.map((response) => [response.body, response.headers.connection])).toEqual([['hello', 'close']]);
  });

  it('Given HTTP/1.0 requests with Connection: keep-alive, when answered with a length, then the connection is reused', async () => {
    const listener = await listen();
    const client = await wire(listener, 'GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
    const [first] = await client.responses(1);
    expect(first?.headers.connection).toBe('keep-alive');
    client.write('GET /late?1 HTTP/1.0\r\n\r\n');
    const responses = await client.all();
    expect(responses.map((response) => response.body)).toEqual(['hello', 'late 1']);
    expect(listener.connections).toBe(1);
  });
});

describe('bodiless responses', () => {
  it('Given HEAD requests, when answered, then the heads carry no body and the next pipelined response follows at once', async () => {
    const listener = await listen();
    const client = await wire(
      listener,
      'HEAD /hello HTTP/1.1\r\nHost: a\r\n\r\nHEAD /chunked HTTP/1.1\r\nHost: a\r\n\r\n' +
        GET('/hello', 'Connection: close'),
    );
    const [hello, chunked, last] = await client.all(['HEAD', 'HEAD', 'GET']);
    expect(hello).toMatchObject({ status: 200, body: '' });
    expect(hello?.headers['content-length']).toBe('5');
    expect(chunked).toMatchObject({ status: 200, body: '' });
    expect(chunked?.headers['transfer-encoding']).toBeUndefined();
    expect(last?.body).toBe('hello');
    expect(client.received.match(/HTTP\/1\.1/g)).toHaveLength(3);
  });

  it('Given a 204 answer, when sent, then it has no body and no framing header', async () => {
    const listener = await listen();
    const client = await wire(listener, GET('/no-content') + GET('/hello', 'Connection: close'));
    const [empty, next] = await client.all();
    expect(empty).toMatchObject({ status: 204, body: '' });
    expect(empty?.headers['transfer-encoding']).toBeUndefined();
    expect(next?.body).toBe('hello');
  });
});

describe('chunked responses', () => {
  it('Given a body of unknown length, when read raw, then each write is one chunk and the last chunk ends it', async () => {
    const listener = await listen();
    const client = await wire(listener, GET('/chunked', 'Connection: close'));
    const [response] = await client.all();
    expect(response?.headers['transfer-encoding']).toBe('chunked');
    expect(response?.chunks).toEqual([1, 2, 3]);
    expect(client.received.endsWith('1\r\na\r\n2\r\nbb\r\n3\r\nccc\r\n0\r\n\r\n')).toBe(true);
  });

  it('Given a chunked response, when undici reads it, then the body is whole', async () => {
    const listener = await listen();
    const response = await request(`http://127.0.0.1:${listener.port}/chunked`);
    expect(response.headers['transfer-encoding']).toBe('chunked');
    expect(await response.body.text()).toBe('abbccc');
  });

  it('Given a chunked response, when node:http reads it, then the body is whole', async () => {
    const listener = await listen();
    const body = await new Promise<string>((resolve, reject) => {
      get({ host: '127.0.0.1', port: listener.port, path: '/chunked', agent: false }, (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (data += chunk));
        res.on('end', () => resolve(data));
      }).on('error', reject);
    });
    expect(body).toBe('abbccc');
  });
});

describe('request bodies and Expect', () => {
  it('Given Expect: 100-continue, when the handler reads the body, then 100 Continue comes first, then the answer', async () => {
    const listener = await listen();
    const client = await wire(
      listener,
      'POST /echo HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n',
    );
    await client.until((received) => received === 'HTTP/1.1 100 Continue\r\n\r\n');
    client.write('hello');
    const [interim, final] = await client.responses(2);
    expect(interim?.status).toBe(100);
    expect(final).toMatchObject({ status: 200, body: 'hello' });
    client.destroy();
  });

  it('Given Expect: 100-continue, when the handler answers without reading, then no 100 is sent and the answer says close', async () => {
    const listener = await listen();
    const client = await wire(
      listener,
      'POST /ignore HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n',
    );
    const responses = await client.all();
    expect(responses.map((response) => [response.status, response.headers.connection])).toEqual([[200, 'close']]);
  });

  it('Given an HTTP/1.0 request with Expect, when answered, then the expectation is ignored (no 100, no 417)', async () => {
    const listener = await listen();
    const client = await wire(listener, 'POST /echo HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n');
    // The handler has asked for the body (with nothing buffered): a 100 would be on its way now.
    await expect.poll(() => listener.seen).toEqual(['POST /echo']);
    client.write('hi');
    const responses = await client.all();
    expect(client.received).not.toContain('100 Continue');
    expect(responses.map((response) => [response.status, response.body])).toEqual([[200, 'hi']]);
    const second = await wire(listener, 'GET /hello HTTP/1.0\r\nExpect: foo\r\n\r\n');
    expect((await second.all()).map((response) => response.status)).toEqual([200]);
  });

  it('Given Expect: foo, when sent, then the answer is a 417 and the connection closes without calling the handler', async () => {
    const listener = await listen();
    const client = await wire(listener, GET('/hello', 'Expect: foo'));
    const [response] = await client.all();
    expect(response?.status).toBe(417);
    expect(jsonRpcError(response).code).toBe(-32600);
    expect(listener.seen).toEqual([]);
  });

  it('Given a handler that never reads a declared body, when the body holds a request and another follows, then one answer says close and nothing more is parsed', async () => {
    const listener = await listen();
    const smuggled = GET('/hello');
    const client = await wire(
      listener,
      `POST /ignore HTTP/1.1\r\nHost: a\r\nContent-Length: ${smuggled.length}\r\n\r\n${smuggled}${GET('/hello')}`,
    );
    const responses = await client.all();
    expect(responses.map((response) => [response.status, response.body, response.headers.connection])).toEqual([
      [200, 'ignored', 'close'],
    ]);
    expect(listener.seen).toEqual(['POST /ignore']);
  });

  it('Given a body over the handler limit, when read, then the handler hears "too large" and the connection closes after its answer', async () => {
    const listener = await listen();
    const client = await wire(
      listener,
      `POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 65\r\n\r\n${'x'.repeat(65)}`,
    );
    const responses = await client.all();
    expect(responses.map((response) => [response.status, response.headers.connection])).toEqual([[413, 'close']]);
  });

  it('Given a chunked body over the handler limit, when read, then the handler hears "too large" and the connection closes after its answer', async () => {
    const listener = await listen();
    const client = await wire(
      listener,
      `POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n${'x'.repeat(64)}\r\n1\r\nx\r\n0\r\n\r\n`,
    );
    const responses = await client.all();
    expect(responses.map((response) => [response.status, response.headers.connection])).toEqual([[413, 'close']]);
  });

  it('Given a malformed chunked body, when read, then the answer is a 400 JSON-RPC error and the connection closes', async () => {
    const listener = await listen();
    const client = await wire(
      listener,
      'POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX',
    );
    const [response] = await client.all();
    expect(response?.status).toBe(400);
    expect(jsonRpcError(response).message).toContain('Chunk data not followed by CRLF');
  });
});

describe('refusals before the handler', () => {
  it('Given 20 KiB of headers, when sent, then the answer is a 431 JSON-RPC error with connection: close', async () => {
    const listener = await listen();
    const client = await wire(listener, GET('/hello', `X-Big: ${'b'.repeat(20 * 1024)}`));
    const [response] = await client.all();
    expect(response?.status).toBe(431);
    expect(jsonRpcError(response).message).toContain('Request head too large');
    expect(listener.seen).toEqual([]);
  });

  it('Given Content-Length with Transfer-Encoding, when sent, then the answer is a 400 JSON-RPC error with connection: close', async () => {
    const listener = await listen();
    const client = await wire(
      listener,
      'POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n' +
        GET('/hello'),
    );
    const responses = await client.all();
    expect(responses).toHaveLength(1);
    expect(jsonRpcError(responses[0]).message).toContain('Both Content-Length and Transfer-Encoding');
    expect(listener.seen).toEqual([]);
  });

  it('Given HTTP/2.0, when sent, then the answer is a 505', async () => {
    const listener = await listen();
    const client = await wire(listener, 'GET / HTTP/2.0\r\nHost: a\r\n\r\n');
    const [response] = await client.all();
    expect(response?.status).toBe(505);
    expect(jsonRpcError(response).code).toBe(-32600);
  });
});

describe.concurrent('timeouts (small limits; the sweep runs once a second)', () => {
  const timeouts: ConnectionTimeouts = { headersMs: 50, requestMs: 100, keepAliveMs: 100 };

  it('Given a head that never completes, when the header timeout passes, then the answer is a 408 and the connection closes', async () => {
    const listener = await listen({}, timeouts);
    const client = await wire(listener, 'GET /hello HTTP/1.1\r\nHo');
    const [response] = await client.all();
    expect(response?.status).toBe(408);
    expect(jsonRpcError(response).message).toContain('Request timed out');
  });

  it('Given a body that stops half-way, when the request timeout passes, then the answer is a 408 and the connection closes', async () => {
    const listener = await listen({}, timeouts);
    const client = await wire(listener, 'POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nhel');
    const [response] = await client.all();
    expect(response?.status).toBe(408);
  });

  it('Given an idle keep-alive connection, when the keep-alive timeout passes, then it closes without another byte', async () => {
    const listener = await listen({}, timeouts);
    const client = await wire(listener, GET('/hello'));
    await client.responses(1);
    const before = client.received;
    await client.closed;
    expect(client.received).toBe(before);
  });
});

describe('client disconnects and backpressure', () => {
  // The client's FIN is taken as gone (as node:http does by default): an SSE stream must not outlive its reader.
  it('Given a response in progress, when the client disconnects, then the response onClose listeners run', async () => {
    let closed: () => void = () => undefined;
    const heard = new Promise<void>((resolve) => (closed = resolve));
    const listener = await listen({
      '/events': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.flushHeaders();
        const dropped = () => expect.unreachable('offClose should have removed this listener');
        res.onClose(dropped);
        res.offClose(dropped);
        res.onClose(closed);
      },
    });
    const client = await wire(listener, GET('/events'));
    await client.until((received) => received.includes('\r\n\r\n'));
    client.destroy();
    await heard;
  });

  it('Given a large streamed response and a reader that stops, when the socket fills, then writes report false and resume on drain', async () => {
    const chunk = Buffer.alloc(1 << 20, 'x');
    const total = 64;
    const stats = { sent: 0, falseWrites: 0, drains: 0 };
    const listener = await listen({
      '/stream': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': total * chunk.length });
        const pump = (): void => {
          while (stats.sent < total) {
            stats.sent += 1;
            if (!res.write(chunk)) {
              stats.falseWrites += 1;
              res.onceDrain(() => {
                stats.drains += 1;
                pump();
              });
              return;
            }
          }
          res.end();
        };
        pump();
      },
    });
    const client = await WireClient.open(listener.port);
    client.socket.pause();
    client.write(GET('/stream', 'Connection: close'));
    // Wait until the writer has stalled: no progress across several polls.
    let last = -1;
    let still = 0;
    await expect
      .poll(
        () => {
          still = stats.sent === last ? still + 1 : 0;
          last = stats.sent;
          return still;
        },
        { interval: 50, timeout: 8000 },
      )
      .toBeGreaterThanOrEqual(4);
    expect(stats.sent).toBeLessThan(total);
    expect(stats.falseWrites).toBeGreaterThan(0);
    const drainsWhilePaused = stats.drains;
    let bytes = client.received.length;
    client.socket.removeAllListeners('data');
    client.socket.on('data', (data: string) => (bytes += data.length));
    client.socket.resume();
    await client.closed;
    expect(stats.sent).toBe(total);
    expect(stats.drains).toBeGreaterThan(drainsWhilePaused);
    const headLength = bytes - total * chunk.length;
    expect(headLength).toBeGreaterThan(0);
    expect(headLength).toBeLessThan(200);
  });
});
