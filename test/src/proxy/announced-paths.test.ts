// `/<name>/path/…` reaches only the message endpoint the upstream announced on its legacy SSE
// stream: any other path of the upstream's origin is a 404 and nothing is sent upstream, so a
// local process with a key cannot make the proxy send the token anywhere else on that origin.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { canaryToken, describeWithKeychain } from '../../support/keychain-guard.js';
import { startProxyHarness, type ProxyHarness } from '../../support/proxy-harness.js';
import { jsonRpcPost, rawRequest } from '../../support/raw-http.js';
import { startLegacySseUpstream, type BearerUpstream } from '../../support/upstreams/bearer-upstreams.js';

describeWithKeychain('announced endpoint paths', () => {
  const token = canaryToken('a7a7');
  let harness: ProxyHarness;
  let legacy: BearerUpstream;
  let key: string;

  const post = (path: string) =>
    rawRequest({
      port: harness.proxy.port,
      path,
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: jsonRpcPost(1, 'tools/list'),
    });

  beforeAll(async () => {
    legacy = await startLegacySseUpstream(token);
    harness = await startProxyHarness('announced-paths');
    await harness.addConnection({ name: 'legacy', url: `${legacy.origin}/sse`, token });
    key = await harness.addClient('cursor');
  });

  afterAll(async () => {
    await harness?.close();
    await legacy?.close();
  });

  it('Given no stream has announced an endpoint yet, when a client posts to /<name>/path/messages, then 404 and nothing reaches the upstream', async () => {
    const response = await post('/legacy/path/messages?sessionId=x');
    expect(response.status).toBe(404);
    expect(JSON.parse(response.body).error.message).toContain(
      'reaches only the message endpoint the upstream announced',
    );
    expect(legacy.seen).toHaveLength(0);
  });

  it('Given an announced endpoint, then it works through the proxy, and every other path of the origin is a 404 that reaches nothing', async () => {
    const client = new Client({ name: 'announced-paths', version: '1.0.0' });
    await client.connect(
      new SSEClientTransport(new URL(harness.endpoint('legacy')), {
        requestInit: { headers: { Authorization: `Bearer ${key}` } },
      }),
    );
    const result = await client.callTool({ name: 'echo', arguments: { text: 'announced' } });
    expect(result.content).toEqual([{ type: 'text', text: 'announced' }]);
    const seen = legacy.seen.length;
    for (const path of [
      '/legacy/path/sse',
      '/legacy/path/admin',
      '/legacy/path/messages/extra',
      '/legacy/path//messages',
      '/legacy/path//other/x',
      '/legacy/path/..;/admin',
      '/legacy/path/%252e%252e/admin',
      '/legacy/path/Messages',
    ]) {
      expect((await post(path)).status, path).toBe(404);
    }
    expect(legacy.seen).toHaveLength(seen);
    await client.close();
  });
});
