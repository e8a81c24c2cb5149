// The proxy's listener over real sockets on 127.0.0.1: request bodies and Expect, refusals
// before the handler, parser errors mid-body, timeouts, and pipelined requests nobody reads.
import { describe, expect, it } from 'vitest';
import type { ListenerTimeouts } from '../../../../src/proxy/listener/http-listener.js';
import { closeListenersAfterEach, GET, jsonRpcError, listen, wire } from '../../../support/listener-under-test.js';

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
    await expect.poll(() => listener.seen).toEqual(['POST /echo']);
    client.write('hi');
    const responses = await client.all();
    expect(client.received).not.toContain('100 Continue');
    expect(responses.map((response) => [response.status, response.body])).toEqual([[200, 'hi']]);
    const second = await wire(listener, 'GET /hello HTTP/1.0\r\nExpect: foo\r\n\r\n');
    expect((await second.all()).map((response) => response.status)).toEqual([200]);
  });

  it('Given Expect: foo, when sent, then the answer is a 417 and the handler is not called', async () => {
    const listener = await listen();
    const client = await wire(listener, GET('/hello', 'Expect: foo', 'Connection: close'));
    const [response] = await client.all();
    expect(response?.status).toBe(417);
    expect(listener.seen).toEqual([]);
  });

  it('Given a handler that answers without reading a declared body holding a request, then one answer says close and nothing more is parsed', async () => {
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

  it('Given a declared body over the handler limit, then "too large" comes before a byte of it is read, and the answer says close', async () => {
    const listener = await listen();
    const client = await wire(listener, `POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 65\r\n\r\n`);
    const [response] = await client.responses(1);
    expect([response?.status, response?.headers.connection]).toEqual([413, 'close']);
    await client.closed;
  });

  it('Given a chunked body over the handler limit, then the handler hears "too large" and the connection closes after its answer', async () => {
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
    expect(jsonRpcError(response).message).toBe(
      'Malformed request: Keyport accepts well-formed HTTP/1.1 requests only.',
    );
  });

  it('Given a 20 KB chunk extension, when read, then the answer is a 400 (not Node’s 413)', async () => {
    const listener = await listen();
    const client = await wire(
      listener,
      `POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2;x=${'y'.repeat(20_000)}\r\nhi\r\n0\r\n\r\n`,
    );
    const [response] = await client.all();
    expect(response?.status).toBe(400);
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

  it('Given 201 header fields, then 431; given 200, then the handler sees the request', async () => {
    const listener = await listen();
    const fields = (count: number) => Array.from({ length: count - 1 }, (_, index) => `X-F${index}: v`);
    const many = await wire(listener, GET('/hello', ...fields(201)));
    const [refused] = await many.all();
    expect(refused?.status).toBe(431);
    expect(jsonRpcError(refused).message).toContain('Too many request headers');
    const enough = await wire(listener, GET('/hello', ...fields(200), 'Connection: close').replace('X-F0: v\r\n', ''));
    expect((await enough.all()).map((response) => response.status)).toEqual([200]);
  });

  it.each<readonly [string, number, string, string]>([
    ['HTTP/2.0', 505, 'GET / HTTP/2.0\r\nHost: a\r\n\r\n', 'HTTP version not supported'],
    ['no Host in HTTP/1.1', 400, 'GET /hello HTTP/1.1\r\n\r\n', 'Missing Host header'],
    ['two Hosts', 400, 'GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', 'Repeated host header'],
    ['an absolute-form target', 400, 'GET http://a/hello HTTP/1.1\r\nHost: a\r\n\r\n', 'origin-form'],
    ['the asterisk target', 400, 'OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n', 'origin-form'],
    ['a bare LF line end', 400, 'GET /hello HTTP/1.1\r\nHost: a\nX-A: b\r\n\r\n', 'Malformed request'],
    ['obs-fold', 400, 'GET /hello HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n', 'Malformed request'],
    ['a space before the colon', 400, 'GET /hello HTTP/1.1\r\nHost : a\r\n\r\n', 'Malformed request'],
    ['an unknown method', 400, 'BREW /hello HTTP/1.1\r\nHost: a\r\n\r\n', 'Malformed request'],
  ])('Given %s, then %i with a JSON-RPC error and the handler is not called', async (_label, status, bytes, reason) => {
    const listener = await listen();
    const client = await wire(listener, bytes + GET('/hello'));
    const responses = await client.all();
    expect(responses).toHaveLength(1);
    expect(responses[0]?.status).toBe(status);
    expect(jsonRpcError(responses[0]).message).toContain(reason);
    expect(listener.seen).toEqual([]);
  });
});

describe('timeouts (small limits, checked every 50 ms)', () => {
  const timeouts: ListenerTimeouts = { headersMs: 100, requestMs: 200, keepAliveMs: 100, checkIntervalMs: 50 };

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
