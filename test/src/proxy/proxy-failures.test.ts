// Every refusal and failure: a JSON-RPC error body with the right status that names the
// connection and the fix; the proxy stays up through all of them.
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KeyportError } from '../../../src/errors.js';
import type { TokenVault } from '../../../src/keychain/token-vault.js';
import { credentialSourceOver } from '../../support/bearer-credential.js';
import { startProxy } from '../../../src/proxy/start-proxy.js';
import { canaryToken, describeWithKeychain } from '../../support/keychain-guard.js';
import { startProxyHarness, type ProxyHarness } from '../../support/proxy-harness.js';
import { jsonRpcPost, rawBytes, rawRequest, startPlainServer } from '../../support/raw-http.js';
import { startStatelessUpstream, type BearerUpstream } from '../../support/upstreams/bearer-upstreams.js';
import { startScriptedUpstream } from '../../support/scripted-upstream.js';
import { startUnacceptingListener } from '../../support/unaccepting-listener.js';

const JSON_HEADERS = { accept: 'application/json, text/event-stream', 'content-type': 'application/json' };

interface RpcError {
  readonly id: unknown;
  readonly error: { readonly code: number; readonly message: string; readonly data: { reason: string } };
}

describeWithKeychain('proxy refusals and failures', () => {
  const token = canaryToken('f00d');
  let harness: ProxyHarness;
  let upstream: BearerUpstream;
  let key: string;
  let hung: Awaited<ReturnType<typeof startPlainServer>>;
  const hungRequests: Array<{ closedAt: number | null }> = [];
  let elsewhere: Awaited<ReturnType<typeof startPlainServer>>;
  let elsewhereHits = 0;
  let redirecting: Awaited<ReturnType<typeof startPlainServer>>;
  let echoing: Awaited<ReturnType<typeof startPlainServer>>;
  const echoedMethods: string[] = [];

  const post = (name: string, body: string, headers: Record<string, string> = {}) =>
    rawRequest({
      port: harness.proxy.port,
      path: `/${name}/mcp`,
      method: 'POST',
      headers: { ...JSON_HEADERS, authorization: `Bearer ${key}`, ...headers },
      body,
    });
  const rpcError = (body: string) => JSON.parse(body) as RpcError;

  beforeAll(async () => {
    upstream = await startStatelessUpstream(token);
    hung = await startPlainServer((req) => {
      const entry = { closedAt: null as number | null };
      hungRequests.push(entry);
      req.socket.on('close', () => {
        entry.closedAt = Date.now();
      });
    });
    elsewhere = await startPlainServer((_req, res) => {
      elsewhereHits += 1;
      res.end('{}');
    });
    redirecting = await startPlainServer((_req, res) => {
      res.writeHead(307, { location: `${elsewhere.origin}/mcp` });
      res.end();
    });
    // Answers any method by echoing the request headers, as a TRACE-happy server would.
    echoing = await startPlainServer((req, res) => {
      echoedMethods.push(req.method ?? '');
      res.end(JSON.stringify(req.headers));
    });
    harness = await startProxyHarness('proxy-failures', { headersTimeoutMs: 400, connectTimeoutMs: 1000 });
    await harness.addConnection({ name: 'svc', url: upstream.url, token });
    await harness.addConnection({ name: 'hung', url: `${hung.origin}/mcp`, token });
    await harness.addConnection({ name: 'redirect', url: `${redirecting.origin}/mcp`, token });
    await harness.addConnection({ name: 'gone', url: 'http://127.0.0.1:9/mcp', token });
    await harness.addConnection({ name: 'echo', url: `${echoing.origin}/mcp`, token });
    key = await harness.addClient('cursor');
  });

  afterAll(async () => {
    await harness?.close();
    await Promise.all([upstream?.close(), hung?.close(), elsewhere?.close(), redirecting?.close(), echoing?.close()]);
  });

  it('Given TRACE or another method MCP never uses, then 405 and nothing reaches the upstream (no token echoed back)', async () => {
    for (const method of ['TRACE', 'PROPFIND', 'LINK']) {
      const response = await rawRequest({
        port: harness.proxy.port,
        path: '/echo/mcp',
        method,
        headers: { authorization: `Bearer ${key}` },
      });
      expect(response.status).toBe(405);
      expect(rpcError(response.body).error.data.reason).toBe('METHOD_NOT_ALLOWED');
      expect(response.body).not.toContain(token);
    }
    expect(echoedMethods).toEqual([]);
    const get = await rawRequest({
      port: harness.proxy.port,
      path: '/echo/mcp',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(get.status).toBe(200);
    expect(echoedMethods).toEqual(['GET']);
  });

  it('Given no key or a wrong key, when calling a connection, then 401 says how to get a key', async () => {
    for (const authorization of [undefined, 'Bearer kpk_wrong', `Bearer ${token}`]) {
      const response = await rawRequest({
        port: harness.proxy.port,
        path: '/svc/mcp',
        method: 'POST',
        headers: { ...JSON_HEADERS, ...(authorization ? { authorization } : {}) },
        body: jsonRpcPost(1, 'tools/list'),
      });
      expect(response.status).toBe(401);
      expect(rpcError(response.body).error.message).toContain('keyport client add <client>');
      expect(response.headers['www-authenticate']).toBeUndefined();
    }
  });

  it('Given a keep-alive connection whose key was accepted, when that client is removed or a wrong key follows, then the next request on the same connection is 401', async () => {
    const departing = await harness.addClient('departing');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const onOneSocket = (authorization: string) =>
      new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: harness.proxy.port,
            path: '/svc/mcp',
            method: 'POST',
            agent,
            headers: { ...JSON_HEADERS, authorization },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
          },
        );
        req.on('error', reject);
        req.end(jsonRpcPost(1, 'tools/list'));
      });
    try {
      expect(await onOneSocket(`Bearer ${departing}`)).toEqual({ status: 200, reused: false });
      expect(await onOneSocket(`Bearer ${departing}`)).toEqual({ status: 200, reused: true });
      expect(await onOneSocket(`Bearer ${departing}x`)).toEqual({ status: 401, reused: true });

      expect(await onOneSocket(`Bearer ${departing}`)).toEqual({ status: 200, reused: false });
      await harness.context.metadata.update((draft) => {
        delete draft.clients.departing;
      });
      expect(await onOneSocket(`Bearer ${departing}`)).toEqual({ status: 401, reused: true });
    } finally {
      agent.destroy();
    }
  });

  it('Given a connection that allows keyless access, then it works without a key while others still need one', async () => {
    await harness.addConnection({ name: 'open', url: upstream.url, token, allowKeyless: true });
    const request = (name: string) =>
      rawRequest({
        port: harness.proxy.port,
        path: `/${name}/mcp`,
        method: 'POST',
        headers: JSON_HEADERS,
        body: jsonRpcPost(1, 'tools/list'),
      });
    expect((await request('open')).status).toBe(200);
    expect((await request('svc')).status).toBe(401);
    expect(upstream.seen.at(-1)?.headers.authorization).toBe(`Bearer ${token}`);
  });

  it("Given a web page's no-cors GET (no Origin, cross-site) to a keyless connection, then 403 and no upstream call", async () => {
    await harness.addConnection({ name: 'open-page', url: upstream.url, token, allowKeyless: true });
    const seen = upstream.seen.length;
    for (const path of ['/open-page/mcp', '/open-page/path/mcp']) {
      const response = await rawRequest({
        port: harness.proxy.port,
        path,
        method: 'GET',
        headers: { accept: 'image/*', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' },
      });
      expect(response.status).toBe(403);
    }
    expect(upstream.seen.length).toBe(seen);
  });

  it('Given a foreign Host or Origin, then 403 before anything else, even with a valid key', async () => {
    const cases: Array<Record<string, string>> = [
      { host: 'evil.example:80' },
      { host: `localhost:${harness.proxy.port + 1}` },
      { origin: 'https://evil.example' },
      { origin: 'null' },
    ];
    for (const headers of cases) {
      const response = await post('svc', jsonRpcPost(1, 'tools/list'), headers);
      expect(response.status).toBe(403);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    }
    const ok = await post('svc', jsonRpcPost(1, 'tools/list'), {
      host: `localhost:${harness.proxy.port}`,
      origin: `http://localhost:${harness.proxy.port}`,
    });
    expect(ok.status).toBe(200);
  });

  it('Given an unknown route or an OAuth discovery path, then 404 with a JSON body', async () => {
    for (const path of [
      '/nope/mcp',
      '/svc/other',
      '/.well-known/oauth-protected-resource/svc/mcp',
      '/svc/.well-known/oauth-authorization-server',
    ]) {
      const response = await rawRequest({
        port: harness.proxy.port,
        path,
        headers: { authorization: `Bearer ${key}` },
      });
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toBe('application/json');
      expect(rpcError(response.body).error.data.reason).toBe('NOT_FOUND');
    }
  });

  it('Given the upstream rejects the token, then 401 names the connection and the fix, drops WWW-Authenticate and marks it rejected until a call succeeds again', async () => {
    upstream.setToken('sk_live_someone_else');
    try {
      const response = await post('svc', jsonRpcPost(3, 'tools/list'));
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toBeUndefined();
      const body = rpcError(response.body);
      expect(body.id).toBe(3);
      expect(body.error.message).toContain('"svc"');
      expect(body.error.message).toContain('keyport rotate svc');
    } finally {
      upstream.setToken(token);
    }
    await harness.proxy.flush();
    expect(harness.context.usage.read().connections.svc?.health?.state).toBe('rejected');

    expect((await post('svc', jsonRpcPost(4, 'tools/list'))).status).toBe(200);
    await harness.proxy.flush();
    expect(harness.context.usage.read().connections.svc?.health?.state).toBe('ok');
  });

  it('Given an expired token, then 401 fails fast without calling the upstream', async () => {
    await harness.context.metadata.update((draft) => {
      draft.connections.svc!.expiresAt = '2020-01-01T00:00:00.000Z';
    });
    const before = upstream.seen.length;
    try {
      const response = await post('svc', jsonRpcPost(4, 'tools/list'));
      expect(response.status).toBe(401);
      expect(rpcError(response.body).error.data.reason).toBe('TOKEN_EXPIRED');
      expect(rpcError(response.body).error.message).toContain('keyport rotate svc');
      expect(upstream.seen.length).toBe(before);
    } finally {
      await harness.context.metadata.update((draft) => {
        draft.connections.svc!.expiresAt = null;
      });
    }
  });

  it('Given a paused connection, then 503 says how to resume', async () => {
    await harness.context.metadata.update((draft) => {
      draft.connections.svc!.paused = true;
    });
    const response = await post('svc', jsonRpcPost(5, 'tools/list'));
    await harness.context.metadata.update((draft) => {
      draft.connections.svc!.paused = false;
    });
    expect(response.status).toBe(503);
    expect(rpcError(response.body).error.message).toContain('keyport resume svc');
    expect((await post('svc', jsonRpcPost(6, 'tools/list'))).status).toBe(200);
  });

  it('Given a hard stop at a quota of 2 tools/call, then the third call is refused with 429 and other methods pass', async () => {
    await harness.context.metadata.update((draft) => {
      draft.connections.svc!.quota = { limit: 2, resetDay: 1 };
      draft.settings.hardStopAtQuota = true;
    });
    try {
      const call = (id: number) =>
        post('svc', jsonRpcPost(id, 'tools/call', { name: 'echo', arguments: { text: 'x' } }));
      expect((await call(10)).status).toBe(200);
      expect((await call(11)).status).toBe(200);
      const third = await call(12);
      expect(third.status).toBe(429);
      expect(rpcError(third.body).error.message).toContain('2 of 2');
      expect((await post('svc', jsonRpcPost(13, 'tools/list'))).status).toBe(200);
    } finally {
      await harness.context.metadata.update((draft) => {
        draft.connections.svc!.quota = null;
        draft.settings.hardStopAtQuota = false;
      });
    }
  });

  it('Given an unreachable upstream, then 502 in the words of `keyport check`; one that never answers, then 504', async () => {
    const gone = await post('gone', jsonRpcPost(1, 'tools/list'));
    expect(gone.status).toBe(502);
    expect(rpcError(gone.body).error.message).toBe(
      'Connection "gone": Cannot reach http://127.0.0.1:9/mcp (ECONNREFUSED); check the URL and your network connection.',
    );
    const slow = await post('hung', jsonRpcPost(1, 'tools/list'));
    expect(slow.status).toBe(504);
    expect(rpcError(slow.body).error.message).toContain('"hung"');
  });

  it('Given an upstream host that never completes the TCP handshake, then 504 after the connect timeout', async () => {
    const silent = await startUnacceptingListener();
    try {
      await harness.addConnection({ name: 'silent', url: `${silent.origin}/mcp`, token });
      const started = Date.now();
      const response = await post('silent', jsonRpcPost(1, 'tools/list'));
      expect(response.status).toBe(504);
      expect(rpcError(response.body).error.message).toContain('"silent"');
      expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    } finally {
      await silent.close();
    }
  });

  it('Given an upstream response with ambiguous framing, then 502 says why and none of it is relayed', async () => {
    const smuggler = await startScriptedUpstream(({ socket }) =>
      socket.end('HTTP/1.1 200 OK\r\ncontent-length: 5\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n'),
    );
    try {
      await harness.addConnection({ name: 'smuggler', url: `${smuggler.origin}/mcp`, token });
      const response = await post('smuggler', jsonRpcPost(1, 'tools/list'));
      expect(response.status).toBe(502);
      expect(rpcError(response.body).error.message).toContain('"smuggler"');
      expect(rpcError(response.body).error.message).toMatch(/will not relay \(UND_ERR_RES_CONTENT_LENGTH_MISMATCH/);
      expect(response.body).not.toContain('hello');
    } finally {
      await smuggler.close();
    }
  });

  it('Given a stored token holding a line break, then 502 says to store it again and the upstream receives no byte', async () => {
    const listener = await startScriptedUpstream(({ socket }) =>
      socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}'),
    );
    try {
      await harness.addConnection({
        name: 'broken',
        url: `${listener.origin}/mcp`,
        token: `${token}\r\nx-injected: 1`,
      });
      const response = await post('broken', jsonRpcPost(1, 'tools/list'));
      expect(response.status).toBe(502);
      expect(rpcError(response.body).error.message).toContain('keyport rotate broken');
      expect(response.body).not.toContain(token);
      expect(listener.bytes()).toBe(0);
    } finally {
      await listener.close();
    }
  });

  it('Given an upstream redirect, then the 3xx is relayed and never followed with the token', async () => {
    const response = await post('redirect', jsonRpcPost(1, 'tools/list'));
    expect(response.status).toBe(307);
    expect(response.headers.location).toBe(`${elsewhere.origin}/mcp`);
    expect(elsewhereHits).toBe(0);
  });

  it('Given a client that disconnects while the upstream works, then the upstream request is aborted within a second', async () => {
    const count = hungRequests.length;
    const req = request({
      host: '127.0.0.1',
      port: harness.proxy.port,
      path: '/hung/mcp',
      method: 'GET',
      headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' },
    });
    req.on('error', () => undefined);
    req.end();
    await expect.poll(() => hungRequests.length, { timeout: 2000 }).toBe(count + 1);
    const abortedAt = Date.now();
    req.destroy();
    await expect.poll(() => hungRequests[count]?.closedAt ?? null, { timeout: 1000 }).not.toBeNull();
    expect(hungRequests[count]!.closedAt! - abortedAt).toBeLessThan(1000);
  });

  it('Given oversized headers, an oversized body, malformed framing or malformed JSON, then 431, 413, 400 and a parse error — and the proxy stays up', async () => {
    const big = await rawRequest({
      port: harness.proxy.port,
      path: '/svc/mcp',
      headers: { authorization: `Bearer ${key}`, 'x-big': 'a'.repeat(17 * 1024) },
    });
    expect(big.status).toBe(431);

    await harness.context.metadata.update((draft) => {
      draft.settings.maxBodyBytes = 1024;
    });
    try {
      const large = await post('svc', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'x', params: 'y'.repeat(4096) }));
      expect(large.status).toBe(413);
      expect(rpcError(large.body).error.message).toContain('maxBodyBytes');
    } finally {
      await harness.context.metadata.update((draft) => {
        draft.settings.maxBodyBytes = 4 * 1024 * 1024;
      });
    }

    const framing = await rawBytes(
      harness.proxy.port,
      'POST /svc/mcp HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n',
    );
    expect(framing).toMatch(/^HTTP\/1\.1 400/);

    const parse = await post('svc', '{"jsonrpc":"2.0",');
    expect(parse.status).toBe(400);
    expect(rpcError(parse.body).error.code).toBe(-32700);

    expect((await post('svc', jsonRpcPost(1, 'tools/list'))).status).toBe(200);
  });

  it('Given the keychain is unavailable, then 503 names the fix', async () => {
    const failing: TokenVault = {
      ...harness.context.vault,
      cached: () => undefined,
      get: () =>
        Promise.reject(
          new KeyportError(
            'KEYCHAIN_UNAVAILABLE',
            'The OS keychain is unavailable: unlock it or start the Secret Service.',
          ),
        ),
    };
    const proxy = await startProxy({
      context: { ...harness.context, vault: failing, credentials: credentialSourceOver(failing) },
      port: 0,
    });
    try {
      const response = await rawRequest({
        port: proxy.port,
        path: '/svc/mcp',
        method: 'POST',
        headers: { ...JSON_HEADERS, authorization: `Bearer ${key}` },
        body: jsonRpcPost(1, 'tools/list'),
      });
      expect(response.status).toBe(503);
      expect(rpcError(response.body).error.message).toContain('Secret Service');
    } finally {
      await proxy.close();
    }
  });
});
