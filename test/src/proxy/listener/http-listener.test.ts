// The proxy's listener (node:http + Keyport's checks) over real sockets on 127.0.0.1:
// keep-alive, pipelining, HTTP/1.0, HEAD and 204, chunked responses.
// (Request bodies, refusals and timeouts: listener-requests.test.ts.)
import { Client } from 'undici';
import { describe, expect, it } from 'vitest';
import { closeListenersAfterEach, GET, listen, text, wire } from '../../../support/listener-under-test.js';

closeListenersAfterEach();

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

  it('Given pipelined requests (the first slowest) with bodies, when sent in one write, then they are answered in order', async () => {
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
    listener.proxy.closeIdleConnections();
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
    expect(last?.body).toBe('hello');
    expect(client.received.match(/HTTP\/1\.1/g)).toHaveLength(3);
  });

  it('Given a 204 answer, when sent, then it has no body and no framing header', async () => {
    const listener = await listen();
    const client = await wire(listener, GET('/no-content') + GET('/hello', 'Connection: close'));
    const [empty, next] = await client.all();
    expect(empty).toMatchObject({ status: 204, body: '' });
    expect(empty?.headers['transfer-encoding']).toBeUndefined();
    expect(empty?.headers['content-length']).toBeUndefined();
    expect(next?.body).toBe('hello');
  });
});

describe('chunked responses', () => {
  // How node:http frames the writes of one tick is its own business (Node 26 joins them into one chunk).
  it('Given a body of unknown length, when read raw, then it is chunked, whole, and the last chunk ends it', async () => {
    const listener = await listen();
    const client = await wire(listener, GET('/chunked', 'Connection: close'));
    const [response] = await client.all();
    expect(response?.headers['transfer-encoding']).toBe('chunked');
    expect(response?.body).toBe('abbccc');
    expect(client.received.endsWith('ccc\r\n0\r\n\r\n')).toBe(true);
  });
});
