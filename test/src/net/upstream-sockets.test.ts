// TCP keep-alive and TLS session reuse on the upstream client's real sockets, direct and through
// tinyproxy's CONNECT tunnel: the kernel's own view (/proc/net/tcp: a keep-alive timer runs only
// with SO_KEEPALIVE set) and the https upstream's (`isSessionReused()` on its side of the TLS).
// A garbage collection runs between the two connections, as it does in a long-running proxy.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstreamClient, type UpstreamClient } from '../../../src/net/upstream-client.js';
import { canaryToken } from '../../support/keychain-guard.js';
import { INITIALIZE_BODY, MCP_POST_HEADERS } from '../../support/mcp-initialize.js';
import { createPrivateCa, opensslAvailable, type PrivateCa } from '../../support/private-ca.js';
import { tcpSocketsOf } from '../../support/proc-tcp.js';
import { startTinyproxy, tinyproxyAvailable, type Tinyproxy } from '../../support/tinyproxy.js';
import { startStatelessUpstream, type BearerUpstream } from '../../support/upstreams/bearer-upstreams.js';

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const ready = opensslAvailable() && tinyproxyAvailable();
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

describe.skipIf(!ready)('upstream sockets: TCP keep-alive and TLS session reuse (real sockets)', () => {
  const token = canaryToken('50c7');
  let ca: PrivateCa;
  let upstream: BearerUpstream;
  let tinyproxy: Tinyproxy;
  const clients: UpstreamClient[] = [];

  beforeAll(async () => {
    ca = createPrivateCa('sockets');
    upstream = await startStatelessUpstream(token, {}, { tls: ca.leaf });
    tinyproxy = await startTinyproxy();
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await upstream?.close();
    await tinyproxy?.stop();
    ca?.remove();
  });

  const call = async (fetch: (url: string, init: RequestInit) => Promise<Response>) => {
    const response = await fetch(upstream.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, ...MCP_POST_HEADERS },
      body: INITIALIZE_BODY,
    });
    expect(response.status).toBe(200);
    await response.text();
    return upstream.seen.at(-1)!;
  };

  it.each(['direct', 'through tinyproxy'] as const)(
    'Given an https upstream %s, when three requests go out on three connections with a garbage collection before each new one, then every socket keeps TCP keep-alive on and every later connection resumes the TLS session',
    async (route) => {
      // Given
      const env = { NODE_EXTRA_CA_CERTS: ca.caFile, ...(route === 'direct' ? {} : { HTTPS_PROXY: tinyproxy.url }) };
      const client = createUpstreamClient({ env, proxySetting: () => null });
      clients.push(client);
      const opened = client.open({ url: upstream.url, ca: null });
      expect(opened.proxy).toBe(route === 'direct' ? null : tinyproxy.url);
      const connects = tinyproxy.connects().length;
      // The sockets this process holds toward the upstream (direct) or toward tinyproxy (tunnel).
      const peerPort = route === 'direct' ? Number(new URL(upstream.origin).port) : tinyproxy.port;
      const ownSockets = () =>
        tcpSocketsOf().filter((socket) => socket.remotePort === peerPort && socket.state === '01');

      // When
      const requests = [];
      const sockets = [];
      for (let index = 0; index < 3; index += 1) {
        if (index > 0) {
          // The upstream closes the connection, undici drops its pool, and V8 collects garbage.
          upstream.dropConnections();
          await until(() => ownSockets().length === 0, 'the client to see the connection close');
          collectGarbage();
        }
        requests.push(await call(opened.fetch));
        sockets.push(ownSockets());
      }

      // Then
      expect(new Set(requests.map((request) => request.remotePort)).size).toBe(3);
      expect(requests.map((request) => request.tlsResumed)).toEqual([false, true, true]);
      for (const [index, own] of sockets.entries()) {
        expect(own).toHaveLength(1);
        expect(own[0]!.timer).toBe('keepalive');
        expect(own[0]!.timerTicks).toBeLessThanOrEqual(30 * 100);
        if (route === 'direct') expect(own[0]!.localPort).toBe(requests[index]!.remotePort);
      }
      if (route !== 'direct') {
        expect(tinyproxy.connects().slice(connects)).toEqual(Array(3).fill(new URL(upstream.origin).host));
      }
      await opened.destroy();
    },
  );

  it('Given a plain socket without keep-alive, then the kernel shows no keep-alive timer (the check can fail)', async () => {
    const { connect } = await import('node:net');
    const socket = connect(tinyproxy.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const mine = tcpSocketsOf().find((entry) => entry.localPort === socket.localPort);
    socket.destroy();
    expect(mine?.timer).toBe('none');
  });
});
