// Upstreams that misbehave, against a running proxy (real keychain): a redirect to another
// origin, 1,000 clients that give up, a reset in the middle of a stream, a black hole, a refused
// connection. The token never leaves its origin, nothing leaks sockets, the proxy stays up.
import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { canaryToken, describeWithKeychain } from '../support/keychain-guard.js';
import { startProxyHarness, type ProxyHarness } from '../support/proxy-harness.js';
import { jsonRpcPost, rawRequest } from '../support/raw-http.js';
import { startStatelessUpstream, type BearerUpstream } from '../support/upstreams/bearer-upstreams.js';
import {
  closedPort,
  halfOpen,
  openSocketFds,
  startBlackHole,
  startCountingServer,
  type CountingServer,
} from './support/sockets.js';

const HEADERS_TIMEOUT_MS = 500;

describeWithKeychain('robustness: upstream faults', () => {
  const token = canaryToken('fa17');
  let harness: ProxyHarness;
  let upstream: BearerUpstream;
  let key: string;
  let elsewhere: CountingServer;
  let redirecting: CountingServer;
  let hung: CountingServer;
  let resetting: CountingServer;
  let blackHole: Awaited<ReturnType<typeof startBlackHole>>;

  const call = (name: string, method = 'POST') =>
    rawRequest({
      port: harness.proxy.port,
      path: `/${name}/mcp`,
      method,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${key}`,
      },
      ...(method === 'POST' ? { body: jsonRpcPost(1, 'tools/list') } : {}),
    });
  const stillServes = async () => expect((await call('svc')).status).toBe(200);

  beforeAll(async () => {
    upstream = await startStatelessUpstream(token);
    elsewhere = await startCountingServer((_req, res) => res.end('{}'));
    redirecting = await startCountingServer((req, res) => {
      res.writeHead(req.method === 'GET' ? 302 : 307, { location: `${elsewhere.origin}/steal` });
      res.end();
    });
    hung = await startCountingServer(() => undefined);
    resetting = await startCountingServer((req, res) => {
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('event: message\ndata: {"jsonrpc":"2.0","method":"notifications/progress"}\n\n');
      } else {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
        res.write('{"jsonrpc":"2.0","id":1,"result":{');
      }
      setTimeout(() => req.socket.destroy(), 50);
    });
    blackHole = await startBlackHole();
    harness = await startProxyHarness('robust-upstream', {
      headersTimeoutMs: HEADERS_TIMEOUT_MS,
      connectTimeoutMs: HEADERS_TIMEOUT_MS,
    });
    await harness.addConnection({ name: 'svc', url: upstream.url, token });
    await harness.addConnection({ name: 'redirect', url: `${redirecting.origin}/mcp`, token });
    await harness.addConnection({ name: 'hung', url: `${hung.origin}/mcp`, token });
    await harness.addConnection({ name: 'reset', url: `${resetting.origin}/mcp`, token });
    await harness.addConnection({ name: 'blackhole', url: `${blackHole.origin}/mcp`, token });
    await harness.addConnection({ name: 'refused', url: `http://127.0.0.1:${await closedPort()}/mcp`, token });
    key = await harness.addClient('cursor');
  });

  afterAll(async () => {
    await harness?.close();
    await Promise.all([upstream, elsewhere, redirecting, hung, resetting, blackHole].map((server) => server?.close()));
  });

  it('Given an upstream that redirects to another origin, then the 3xx is relayed, never followed, and the token never leaves', async () => {
    for (const method of ['POST', 'GET']) {
      const response = await call('redirect', method);
      expect([302, 307]).toContain(response.status);
      expect(response.headers.location).toBe(`${elsewhere.origin}/steal`);
      expect(JSON.stringify(response)).not.toContain(token);
    }
    expect(elsewhere.requests).toEqual([]);
    expect(redirecting.requests.every((seen) => seen.authorization === `Bearer ${token}`)).toBe(true);
    await stillServes();
  });

  it('Given 1,000 clients that abort while the upstream works, then the upstream side closes within a second and no socket is left open', async () => {
    const baseline = openSocketFds();
    // Its own proxy, with the default (long) header timeout: the upstream holds every request.
    const patient = await startProxyHarness('robust-aborts');
    try {
      await patient.addConnection({ name: 'hung', url: `${hung.origin}/mcp`, token });
      const port = patient.proxy.port;
      const head =
        `GET /hung/mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
        `Authorization: Bearer ${await patient.addClient('cursor')}\r\nAccept: text/event-stream\r\n\r\n`;
      const before = hung.requests.length;
      const clients = await halfOpen(port, 1000, head);
      // Each client's request is in flight upstream on its own pooled connection.
      await expect.poll(() => hung.requests.length - before, { timeout: 10_000 }).toBe(1000);
      expect(hung.openRequestSockets()).toBe(1000);
      const abortedAt = performance.now();
      for (const socket of clients) socket.destroy();
      await expect.poll(() => hung.openRequestSockets(), { timeout: 1000, interval: 20 }).toBe(0);
      expect(performance.now() - abortedAt).toBeLessThan(1000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(hung.requests.length - before).toBe(1000);
      // An aborted exchange closes its connection; nothing reconnects behind it.
      expect(hung.openSockets()).toBe(0);
    } finally {
      await patient.close();
    }
    await expect.poll(() => hung.openSockets(), { timeout: 2000 }).toBe(0);
    await expect.poll(() => openSocketFds(), { timeout: 2000 }).toBeLessThanOrEqual(baseline + 2);
    await stillServes();
  });

  it('Given an upstream that resets mid-stream (SSE or JSON), then the client sees the stream cut, not a hang, and the proxy stays up', async () => {
    for (const method of ['GET', 'POST']) {
      const outcome = await new Promise<string>((resolve) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: harness.proxy.port,
            path: '/reset/mcp',
            method,
            headers: {
              authorization: `Bearer ${key}`,
              accept: 'application/json, text/event-stream',
              'content-type': 'application/json',
            },
          },
          (res) => {
            res.on('data', () => undefined);
            res.on('end', () => resolve(res.complete ? 'complete' : 'cut'));
            res.on('error', () => resolve('cut'));
            res.on('aborted', () => resolve('cut'));
          },
        );
        req.on('error', () => resolve('cut'));
        req.end(method === 'POST' ? jsonRpcPost(1, 'tools/list') : undefined);
      });
      expect(outcome).toBe('cut');
    }
    await stillServes();
  });

  it('Given a black-holed upstream, then 504 within the configured timeout; a refused connection, then 502', async () => {
    const started = performance.now();
    const silent = await call('blackhole');
    const elapsed = performance.now() - started;
    expect(silent.status).toBe(504);
    expect(JSON.parse(silent.body).error.message).toContain('"blackhole"');
    expect(elapsed).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(HEADERS_TIMEOUT_MS + 1000);

    const refused = await call('refused');
    expect(refused.status).toBe(502);
    expect(JSON.parse(refused.body).error.message).toMatch(
      /^Connection "refused": Cannot reach http:\/\/127\.0\.0\.1:\d+\/mcp \(ECONNREFUSED\); check the URL and your network connection\.$/,
    );
    expect(refused.body).not.toContain(token);
    await stillServes();
  });
});
