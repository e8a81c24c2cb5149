// The proxy with real parts: SDK upstreams requiring a bearer token, reached by the SDK's own
// clients through http://127.0.0.1:<port>/<name>/mcp with a local client key.
import { request } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { canaryToken, describeWithKeychain } from '../../support/keychain-guard.js';
import { startProxyHarness, type ProxyHarness } from '../../support/proxy-harness.js';
import {
  startLegacySseUpstream,
  startStatefulUpstream,
  startStatelessUpstream,
  type BearerUpstream,
} from '../../support/upstreams/bearer-upstreams.js';

function sdkClient(endpoint: string, key: string | undefined, extra: Record<string, string> = {}) {
  const headers = { ...(key ? { Authorization: `Bearer ${key}` } : {}), ...extra };
  return {
    client: new Client({ name: 'proxy-test', version: '1.0.0' }),
    transport: new StreamableHTTPClientTransport(new URL(endpoint), { requestInit: { headers } }),
  };
}

describeWithKeychain('startProxy with SDK upstreams', () => {
  const token = canaryToken('5a5a');
  let harness: ProxyHarness;
  let stateful: BearerUpstream;
  let stateless: BearerUpstream;
  let legacy: BearerUpstream;
  let key: string;

  beforeAll(async () => {
    [stateful, stateless, legacy] = await Promise.all([
      startStatefulUpstream(token),
      startStatelessUpstream(token, { 'access-control-allow-origin': '*', 'set-cookie': 'sid=1' }),
      startLegacySseUpstream(token),
    ]);
    harness = await startProxyHarness('proxy-sdk');
    await harness.addConnection({ name: 'stateful', url: stateful.url, token });
    await harness.addConnection({ name: 'stateless', url: stateless.url, token });
    await harness.addConnection({ name: 'legacy', url: legacy.url, token });
    key = await harness.addClient('claude-code');
  });

  afterAll(async () => {
    await harness?.close();
    await Promise.all([stateful?.close(), stateless?.close(), legacy?.close()]);
  });

  it('Given a stateful upstream, when the SDK client lists and calls tools with a local key, then it works and the upstream sees exactly the stored token', async () => {
    const { client, transport } = sdkClient(harness.endpoint('stateful'), key, { Cookie: 'session=local' });
    await client.connect(transport);
    const tools = await client.listTools();
    expect(tools.tools.map((tool) => tool.name).sort()).toEqual(['count', 'echo']);
    const result = await client.callTool({ name: 'echo', arguments: { text: 'hi' } });
    expect(result.content).toEqual([{ type: 'text', text: 'hi' }]);
    expect(transport.sessionId).toMatch(/[0-9a-f-]{36}/);
    await transport.terminateSession();
    await client.close();

    expect(stateful.seen.length).toBeGreaterThanOrEqual(4);
    for (const seen of stateful.seen) {
      expect(seen.headers.authorization).toBe(`Bearer ${token}`);
      expect(seen.headers.cookie).toBeUndefined();
      expect(JSON.stringify(seen.headers)).not.toContain(key);
    }
    const methods = stateful.seen.map((seen) => seen.method);
    expect(methods).toContain('GET');
    expect(methods).toContain('DELETE');
    const afterInit = stateful.seen.filter((seen) => seen.headers['mcp-session-id'] !== undefined);
    expect(afterInit.length).toBeGreaterThan(0);
    expect(afterInit.every((seen) => seen.headers['mcp-protocol-version'] !== undefined)).toBe(true);
  });

  it('Given a tool that waits for each progress notification to reach the client, when called through the proxy, then every notification arrives one by one', async () => {
    const { client, transport } = sdkClient(harness.endpoint('stateful'), key);
    await client.connect(transport);
    const progress: number[] = [];
    const result = await client.callTool({ name: 'count', arguments: { n: 4, gated: true } }, undefined, {
      onprogress: (notification) => {
        progress.push(notification.progress);
        stateful.ack();
      },
    });
    expect(progress).toEqual([1, 2, 3, 4]);
    expect(result.content).toEqual([{ type: 'text', text: 'counted to 4' }]);
    await client.close();
  });

  it('Given a stateless JSON upstream with a query in its URL, when called, then the query passes unchanged and no CORS or cookie header comes back', async () => {
    const { client, transport } = sdkClient(`${harness.endpoint('stateless')}?trace=1`, key);
    await client.connect(transport);
    const result = await client.callTool({ name: 'echo', arguments: { text: 'json' } });
    expect(result.content).toEqual([{ type: 'text', text: 'json' }]);
    await client.close();
    expect(stateless.seen.at(-1)?.url).toBe('/v1/mcp?tenant=acme&trace=1');

    const response = await fetch(harness.endpoint('stateless'), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        accept: 'application/json, text/event-stream',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/list' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(((await response.json()) as { id: number }).id).toBe(7);
  });

  it('Given a legacy HTTP+SSE upstream, when the SDK SSE client connects through the proxy, then the endpoint event points through the proxy and tools work', async () => {
    const client = new Client({ name: 'legacy-test', version: '1.0.0' });
    const transport = new SSEClientTransport(new URL(harness.endpoint('legacy')), {
      requestInit: { headers: { Authorization: `Bearer ${key}` } },
    });
    await client.connect(transport);
    const result = await client.callTool({ name: 'echo', arguments: { text: 'legacy' } });
    expect(result.content).toEqual([{ type: 'text', text: 'legacy' }]);
    await client.close();
    const posts = legacy.seen.filter((seen) => seen.method === 'POST');
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.every((seen) => seen.url.startsWith('/messages?sessionId='))).toBe(true);
    expect(legacy.seen.every((seen) => seen.headers.authorization === `Bearer ${token}`)).toBe(true);
  });

  it('Given the proxy, then it listens on 127.0.0.1 only and /health needs no key and reveals nothing', async () => {
    expect(harness.proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${harness.proxy.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"status":"ok"}');
    const ipv6 = await new Promise<string>((resolve) => {
      const req = request({ host: '::1', port: harness.proxy.port, path: '/health' }, () => resolve('answered'));
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      req.end();
    });
    expect(ipv6).not.toBe('answered');
  });
});
