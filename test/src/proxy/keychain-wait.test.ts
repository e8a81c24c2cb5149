// A request that waits for its token from the keychain (the first one after a start or a
// rotation) while its client goes away opens no upstream request: the token is never sent on
// behalf of nobody.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreContext } from '../../../src/core/create-core-context.js';
import type { CoreContext } from '../../../src/core/context.js';
import { createMemorySecretStore } from '../../../src/keychain/memory-secret-store.js';
import { silentLogger } from '../../../src/logger.js';
import { generateClientKey } from '../../../src/proxy/client-keys.js';
import { startProxy, type RunningProxy } from '../../../src/proxy/start-proxy.js';
import { connectionFixture } from '../../support/connection-fixture.js';
import { jsonRpcPost, rawRequest } from '../../support/raw-http.js';
import { tempHome } from '../../support/temp-home.js';
import { startStatelessUpstream, type BearerUpstream } from '../../support/upstreams/bearer-upstreams.js';

describe('a client that leaves while its token is read from the keychain', () => {
  const token = 'sk_test_' + 'c'.repeat(64);
  const home = tempHome('keychain-wait');
  const memory = createMemorySecretStore();
  /** Keychain reads wait until the test lets them go. */
  let release: () => void = () => undefined;
  let gate = Promise.resolve();
  let upstream: BearerUpstream;
  let context: CoreContext;
  let proxy: RunningProxy;
  let key: string;

  beforeAll(async () => {
    upstream = await startStatelessUpstream(token);
    context = createCoreContext({
      env: { KEYPORT_HOME: home },
      logger: silentLogger,
      secretStore: {
        get: async (account) => {
          await gate;
          return memory.get(account);
        },
        set: (account, secret) => memory.set(account, secret),
        delete: (account) => memory.delete(account),
        accounts: () => memory.accounts(),
      },
    });
    proxy = await startProxy({ context, port: 0, flushIntervalMs: 50 });
    const client = generateClientKey();
    key = client.key;
    await context.vault.set('slow', token);
    await context.metadata.update((draft) => {
      draft.connections.slow = connectionFixture('slow', { url: upstream.url });
      draft.clients.cursor = {
        name: 'cursor',
        keyHash: client.keyHash,
        masked: client.masked,
        createdAt: '2026-01-01T00:00:00.000Z',
      };
    });
  });

  afterAll(async () => {
    await proxy?.close();
    await upstream?.close();
    context?.metadata.close();
    context?.usage.close();
  });

  it('Given the keychain is slow to answer, when the client disconnects first, then nothing reaches the upstream; the next client is served', async () => {
    context.vault.invalidate('slow');
    gate = new Promise((resolve) => (release = resolve));
    const body = jsonRpcPost(1, 'tools/list');
    const socket = connect(proxy.port, '127.0.0.1', () =>
      socket.write(
        `POST /slow/mcp HTTP/1.1\r\nHost: 127.0.0.1:${proxy.port}\r\nAuthorization: Bearer ${key}\r\n` +
          `Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n` +
          `Content-Length: ${body.length}\r\n\r\n${body}`,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(upstream.seen).toHaveLength(0);

    const next = await rawRequest({
      port: proxy.port,
      path: '/slow/mcp',
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body,
    });
    expect(next.status).toBe(200);
    expect(upstream.seen).toHaveLength(1);
  });
});
