// The upstream client with only the undici parts `keyport serve` loads (src/net/undici.ts: no
// package index, no fetch): a request the proxy dispatches goes through tinyproxy's CONNECT tunnel
// to an https upstream on a private CA, and a plain http one as an absolute-form request.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstreamClient, type UpstreamClient } from '../../../src/net/upstream-client.js';
import { loadRequest } from '../../../src/net/undici.js';
import { canaryToken } from '../../support/keychain-guard.js';
import { INITIALIZE_BODY, MCP_POST_HEADERS } from '../../support/mcp-initialize.js';
import { createPrivateCa, opensslAvailable, type PrivateCa } from '../../support/private-ca.js';
import { startTinyproxy, tinyproxyAvailable, type Tinyproxy } from '../../support/tinyproxy.js';
import { startStatelessUpstream, type BearerUpstream } from '../../support/upstreams/bearer-upstreams.js';

const require = createRequire(import.meta.url);
const ready = opensslAvailable() && tinyproxyAvailable();

describe.skipIf(!ready)('upstream client through tinyproxy, as `keyport serve` loads undici', () => {
  const token = canaryToken('c11e');
  let ca: PrivateCa;
  let https: BearerUpstream;
  let http: BearerUpstream;
  let tinyproxy: Tinyproxy;
  let client: UpstreamClient;

  beforeAll(async () => {
    ca = createPrivateCa('client');
    https = await startStatelessUpstream(token, {}, { tls: ca.leaf });
    http = await startStatelessUpstream(token);
    tinyproxy = await startTinyproxy();
    client = createUpstreamClient({
      env: { HTTPS_PROXY: tinyproxy.url, HTTP_PROXY: tinyproxy.url },
      proxySetting: () => null,
    });
  });
  afterAll(async () => {
    client?.close();
    await Promise.all([https?.close(), http?.close(), tinyproxy?.stop()]);
    ca?.remove();
  });

  /** An MCP initialize the way the proxy sends requests: dispatched on the dispatcher, no fetch. */
  const initialize = async (url: string, ownCa: string | null) => {
    const upstream = client.open({ url, ca: ownCa });
    try {
      const target = new URL(url);
      const response = await loadRequest().call(upstream.dispatcher, {
        origin: target.origin,
        path: target.pathname + target.search,
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, ...MCP_POST_HEADERS },
        body: INITIALIZE_BODY,
      });
      const answer = (await response.body.json()) as { result?: { serverInfo?: { name?: string } } };
      return `${response.statusCode} ${answer.result?.serverInfo?.name}`;
    } finally {
      await upstream.destroy();
    }
  };

  it('Given undici’s package index is not loaded, when an https request goes through the proxy, then the CONNECT tunnel carries it', async () => {
    // Given
    expect(require.cache[require.resolve('undici')]).toBeUndefined();
    const before = tinyproxy.connects().length;
    // When
    const answer = await initialize(https.url, ca.caPem);
    // Then
    expect(answer).toBe('200 stateless-upstream');
    expect(https.seen.at(-1)?.headers.authorization).toBe(`Bearer ${token}`);
    expect(tinyproxy.connects().slice(before)).toEqual([new URL(https.origin).host]);
    expect(require.cache[require.resolve('undici')]).toBeUndefined();
  });

  it('Given a plain http upstream, when a request goes through the proxy, then it is an absolute-form request', async () => {
    const before = tinyproxy.requests().length;
    expect(await initialize(http.url, null)).toBe('200 stateless-upstream');
    expect(tinyproxy.requests().slice(before)).toEqual([{ method: 'POST', target: http.url }]);
  });
});
