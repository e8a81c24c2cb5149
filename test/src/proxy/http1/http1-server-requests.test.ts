// The proxy's HTTP/1.1 listener over real sockets on 127.0.0.1: request bodies and Expect,
// refusals before the handler, timeouts, client disconnects and backpressure.
import { describe, expect, it } from 'vitest';
import type { ConnectionTimeouts } from '../../../../src/proxy/http1/http1-connection.js';
import { WireClient } from '../../../support/wire-client.js';
import { closeListenersAfterEach, GET, jsonRpcError, listen, wire } from '../../../support/http1-test-listener.js';

closeListenersAfterEach();

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

describe('timeouts (small limits; the sweep runs once a second)', () => {
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
