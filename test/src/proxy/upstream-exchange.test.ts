// The exchange between the proxy and an upstream on real sockets: an upstream that fails after
// its head (clean 502 while nothing reached the client, a cut connection once bytes did), the one
// retry after a stale keep-alive connection, and a pool of its own per connection.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { canaryToken, describeWithKeychain } from '../../support/keychain-guard.js';
import { startProxyHarness, type ProxyHarness } from '../../support/proxy-harness.js';
import { jsonRpcPost, rawRequest } from '../../support/raw-http.js';
import { startScriptedUpstream, type Received, type ScriptedUpstream } from '../../support/scripted-upstream.js';

const JSON_HEADERS = { accept: 'application/json, text/event-stream', 'content-type': 'application/json' };
const OK_BODY = '{"jsonrpc":"2.0","id":1,"result":{}}';
const ok = (extra = '') =>
  `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${OK_BODY.length}\r\n${extra}\r\n${OK_BODY}`;

describeWithKeychain('the upstream exchange', () => {
  const token = canaryToken('e7c1');
  let harness: ProxyHarness;
  let key: string;
  const upstreams: ScriptedUpstream[] = [];

  const scripted = async (name: string, answer: (request: Received) => void) => {
    const upstream = await startScriptedUpstream(answer);
    upstreams.push(upstream);
    await harness.addConnection({ name, url: `${upstream.origin}/mcp`, token });
    return upstream;
  };
  const post = (name: string) =>
    rawRequest({
      port: harness.proxy.port,
      path: `/${name}/mcp`,
      method: 'POST',
      headers: { ...JSON_HEADERS, authorization: `Bearer ${key}` },
      body: jsonRpcPost(1, 'tools/list'),
    });
  /** What a raw client receives for one POST, and when the proxy closed the connection (ms). */
  const rawPost = (name: string) =>
    new Promise<{ readonly text: string; readonly closedAfterMs: number }>((resolve) => {
      const body = jsonRpcPost(1, 'tools/list');
      const started = Date.now();
      const socket = connect(harness.proxy.port, '127.0.0.1', () =>
        socket.write(
          `POST /${name}/mcp HTTP/1.1\r\nHost: 127.0.0.1:${harness.proxy.port}\r\nAuthorization: Bearer ${key}\r\n` +
            `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
        ),
      );
      let text = '';
      socket.setEncoding('latin1').on('data', (chunk: string) => (text += chunk));
      socket.on('error', () => undefined);
      socket.on('close', () => resolve({ text, closedAfterMs: Date.now() - started }));
      setTimeout(() => socket.destroy(), 5000).unref();
    });
  const auditStatuses = async (connection: string) => {
    await harness.proxy.flush();
    return readFileSync(join(harness.home, 'audit.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { connection: string; status: number })
      .filter((entry) => entry.connection === connection)
      .map((entry) => entry.status);
  };

  beforeAll(async () => {
    harness = await startProxyHarness('upstream-exchange');
    key = await harness.addClient('cursor');
  });

  afterAll(async () => {
    await harness?.close();
    await Promise.all(upstreams.map((upstream) => upstream.close()));
  });

  it.each([
    ['closes', (socket: Received['socket']) => socket.end()],
    ['resets', (socket: Received['socket']) => socket.resetAndDestroy()],
  ])(
    'Given an upstream that sends a head with a large Content-Length, then %s, then the client gets a clean 502 within a second',
    async (how, fail) => {
      const name = `head-then-${how}`;
      await scripted(name, ({ socket }) => {
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n');
        setTimeout(() => fail(socket), 50);
      });
      const started = Date.now();
      const response = await post(name);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(response.status).toBe(502);
      expect(response.headers['content-type']).toBe('application/json');
      expect(JSON.parse(response.body)).toMatchObject({ error: { data: { connection: name } } });
      expect(await auditStatuses(name)).toEqual([502]);
    },
  );

  it.each([
    [
      '200 with Content-Length: 0',
      'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 0\r\n\r\n',
      200,
    ],
    ['202 Accepted with Content-Length: 0', 'HTTP/1.1 202 Accepted\r\ncontent-length: 0\r\n\r\n', 202],
    ['204 No Content', 'HTTP/1.1 204 No Content\r\n\r\n', 204],
  ])('Given an upstream answer of %s, then the client gets it, empty, at once', async (label, answer, status) => {
    const name = `empty-${status}`;
    await scripted(name, ({ socket }) => socket.write(answer));
    const started = Date.now();
    const response = await post(name);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(response.status, label).toBe(status);
    expect(response.body).toBe('');
  });

  it('Given a chunked head followed by a malformed chunk, then a clean 502, never the 200', async () => {
    await scripted('bad-chunk', ({ socket }) =>
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n'),
    );
    const response = await post('bad-chunk');
    expect(response.status).toBe(502);
    expect(JSON.parse(response.body).error.message).toContain('will not relay');
  });

  it('Given body bytes already relayed, when the upstream dies, then the client connection is cut within a second — no 502 under the 200', async () => {
    await scripted('dies-mid-body', ({ socket }) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{"jsonrpc":');
      setTimeout(() => socket.end(), 100);
    });
    const { text, closedAfterMs } = await rawPost('dies-mid-body');
    expect(closedAfterMs).toBeLessThan(1000);
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(text).toContain('content-length: 100000');
    expect(text.endsWith('{"jsonrpc":')).toBe(true);
    expect(text).not.toContain('502');
    expect(await auditStatuses('dies-mid-body')).toEqual([200]);
  });

  it('Given a reused upstream connection the server dropped, when the next request fails before any response byte, then it is sent once more on a new connection', async () => {
    const upstream = await scripted('stale', ({ socket, connection }) => {
      // The first connection answers once, promises to stay open, then drops the next request.
      if (connection === 0 && upstream.received.length === 2) socket.destroy();
      else socket.write(ok('keep-alive: timeout=60\r\n'));
    });
    expect((await post('stale')).status).toBe(200);
    const retried = await post('stale');
    expect(retried.status).toBe(200);
    expect(retried.body).toBe(OK_BODY);
    expect(upstream.connections()).toBe(2);
    expect(upstream.received.map((request) => request.connection)).toEqual([0, 0, 1]);
  });

  it('Given a new upstream connection that fails before any response byte, then no retry: a 502', async () => {
    const upstream = await scripted('fresh-fails', ({ socket }) => socket.destroy());
    const response = await post('fresh-fails');
    expect(response.status).toBe(502);
    expect(upstream.received).toHaveLength(1);
  });

  it('Given two connections to one upstream origin, then each has its own upstream sockets (no socket carries both tokens)', async () => {
    const shared = await startScriptedUpstream(({ socket }) => socket.write(ok('keep-alive: timeout=60\r\n')));
    upstreams.push(shared);
    const other = canaryToken('e7c2');
    await harness.addConnection({ name: 'first', url: `${shared.origin}/mcp`, token });
    await harness.addConnection({ name: 'second', url: `${shared.origin}/other`, token: other });
    for (let round = 0; round < 3; round += 1) {
      expect((await post('first')).status).toBe(200);
      expect((await post('second')).status).toBe(200);
    }
    const tokensBySocket = new Map<number, Set<string>>();
    for (const request of shared.received) {
      const bearer = /\r\nauthorization: Bearer (\S+)\r\n/i.exec(request.head)?.[1] ?? '';
      tokensBySocket.set(request.connection, (tokensBySocket.get(request.connection) ?? new Set()).add(bearer));
    }
    expect(shared.connections()).toBe(2);
    expect([...tokensBySocket.values()].map((tokens) => tokens.size)).toEqual([1, 1]);
  });
});
