// Hostile input against a running proxy (real keychain, real SDK upstream, raw sockets):
// smuggling framings, oversized heads and bodies, odd request targets, bodies that are not
// JSON-RPC and a slowloris crowd. Nothing malformed may reach the upstream; the proxy stays up.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { canaryToken, describeWithKeychain } from '../support/keychain-guard.js';
import { startProxyHarness, type ProxyHarness } from '../support/proxy-harness.js';
import { jsonRpcPost } from '../support/raw-http.js';
import { startStatelessUpstream, type BearerUpstream } from '../support/upstreams/bearer-upstreams.js';
import { postRpc } from './support/rpc-post.js';
import { halfOpen, sendRaw, statusOf } from './support/sockets.js';

describeWithKeychain('robustness: hostile input', () => {
  const token = canaryToken('bad1');
  let harness: ProxyHarness;
  let upstream: BearerUpstream;
  let key: string;

  const head = (lines: readonly string[]) =>
    `${lines.join('\r\n')}\r\nHost: 127.0.0.1:${harness.proxy.port}\r\nAuthorization: Bearer ${key}\r\n` +
    'Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n';
  const body = jsonRpcPost(1, 'tools/list');
  const chunked = `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
  const post = (payload: string) => postRpc({ port: harness.proxy.port, key, body: payload });
  const stillServes = async () => expect((await post(body)).status).toBe(200);

  beforeAll(async () => {
    upstream = await startStatelessUpstream(token);
    harness = await startProxyHarness('robust-hostile');
    await harness.addConnection({ name: 'svc', url: upstream.url, token });
    key = await harness.addClient('cursor');
  });

  afterAll(async () => {
    await harness?.close();
    await upstream?.close();
  });

  it.each([
    [
      'Content-Length with Transfer-Encoding',
      [`Content-Length: ${body.length}`, 'Transfer-Encoding: chunked'],
      chunked,
    ],
    ['duplicate Transfer-Encoding', ['Transfer-Encoding: chunked', 'Transfer-Encoding: chunked'], chunked],
    ['Transfer-Encoding: chunked, identity', ['Transfer-Encoding: chunked, identity'], chunked],
    ['a space before the colon', ['Transfer-Encoding : chunked'], chunked],
    ['two Content-Length values', [`Content-Length: ${body.length}`, `Content-Length: ${body.length + 5}`], body],
    [
      'an oversized chunk extension',
      ['Transfer-Encoding: chunked'],
      `${body.length.toString(16)};ext=${'x'.repeat(20_000)}\r\n${body}\r\n0\r\n\r\n`,
    ],
  ] as ReadonlyArray<[string, string[], string, number?]>)(
    'Given %s, when sent raw, then 400 and nothing reaches the upstream',
    async (_label, lines, payload, expected = 400) => {
      const before = upstream.seen.length;
      const answer = await sendRaw(harness.proxy.port, `${head(['POST /svc/mcp HTTP/1.1', ...lines])}\r\n${payload}`);
      expect(statusOf(answer)).toBe(expected);
      expect(upstream.seen.length).toBe(before);
      await stillServes();
    },
  );

  it('Given 20 KiB of headers or 2,500 headers, then 431 and nothing reaches the upstream', async () => {
    const before = upstream.seen.length;
    const big = await sendRaw(
      harness.proxy.port,
      `${head(['GET /svc/mcp HTTP/1.1', `X-Big: ${'a'.repeat(20 * 1024)}`])}\r\n`,
    );
    expect(statusOf(big)).toBe(431);
    const many = Array.from({ length: 2500 }, (_, index) => `X-H${index}: v`);
    const crowd = await sendRaw(harness.proxy.port, `${head(['GET /svc/mcp HTTP/1.1', ...many])}\r\n`);
    expect(statusOf(crowd)).toBe(431);
    expect(upstream.seen.length).toBe(before);
    await stillServes();
  });

  it('Given a 5 MiB body (declared or chunked), then 413 and nothing reaches the upstream', async () => {
    const before = upstream.seen.length;
    const huge = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { pad: 'x'.repeat(5 * 2 ** 20) },
    });
    expect((await post(huge)).status).toBe(413);
    const chunkedHuge = `${huge.length.toString(16)}\r\n${huge}\r\n0\r\n\r\n`;
    const answer = await sendRaw(
      harness.proxy.port,
      `${head(['POST /svc/mcp HTTP/1.1', 'Transfer-Encoding: chunked'])}\r\n${chunkedHuge}`,
    );
    expect(statusOf(answer)).toBe(413);
    expect(upstream.seen.length).toBe(before);
    await stillServes();
  });

  it.each([
    'http://example.com/svc/mcp',
    'http://127.0.0.1/svc/mcp',
    '/svc/../svc/mcp',
    '/../svc/mcp',
    '/svc/path/../../admin',
    '/svc/path/%2e%2e/%2e%2e/admin',
    '/svc/path/%2E%2E%2f%2E%2E%2fadmin',
    '/svc/path/..%2f..%2fadmin',
    '/svc/%2e%2e/mcp',
    '*',
  ])('Given the request target %s, then 4xx and nothing reaches the upstream', async (target) => {
    const before = upstream.seen.length;
    const answer = await sendRaw(harness.proxy.port, `${head([`GET ${target} HTTP/1.1`])}\r\n`, 1000);
    const status = statusOf(answer);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(upstream.seen.length).toBe(before);
  });

  it.each([
    ['truncated JSON', '{"jsonrpc":"2.0","id":1,'],
    ['not JSON at all', 'hello upstream'],
    ['a JSON string', '"tools/list"'],
    ['a JSON number', '42'],
    ['null', 'null'],
    ['an empty body', ''],
    ['an empty batch', '[]'],
    ['an object without jsonrpc', '{"id":1,"method":"tools/list"}'],
    ['a method that is not a string', '{"jsonrpc":"2.0","id":1,"method":7}'],
    ['a batch holding a number', '[1]'],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('latin1')],
  ])('Given %s as the body, then 400 with a JSON-RPC parse error and nothing forwarded', async (_label, payload) => {
    const before = upstream.seen.length;
    const response = await post(payload);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ jsonrpc: '2.0', error: { code: -32700 } });
    expect(upstream.seen.length).toBe(before);
  });

  it('Given 300 slowloris connections holding half a request head, then normal requests are still served within a second', async () => {
    const crowd = await halfOpen(
      harness.proxy.port,
      300,
      `POST /svc/mcp HTTP/1.1\r\nHost: 127.0.0.1:${harness.proxy.port}\r\nX-Slow: `,
    );
    try {
      for (let round = 0; round < 5; round += 1) {
        const started = performance.now();
        const response = await post(jsonRpcPost(round, 'tools/list'));
        expect(response.status).toBe(200);
        expect(performance.now() - started).toBeLessThan(1000);
      }
    } finally {
      for (const socket of crowd) socket.destroy();
    }
    await stillServes();
  });
});
