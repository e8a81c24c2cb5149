// Faults around the proxy's state (real keychain, `keyport serve` as a child process): the
// keychain item removed mid-run, the keychain locked/unavailable, metadata corrupted or
// truncated while stopped, kill -9 during usage flushes, the port taken. Errors are clear,
// recovery needs no restart, nothing is lost, and the proxy stays up.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureClientKey } from '../../src/clients/client-key-file.js';
import { createCoreContext } from '../../src/core/create-core-context.js';
import { createMemorySecretStore } from '../../src/keychain/memory-secret-store.js';
import { createOsSecretStore } from '../../src/keychain/os-secret-store.js';
import { clearKeychainService, tokenAccountIn } from '../support/keychain-account.js';
import { silentLogger } from '../../src/logger.js';
import { startProxy } from '../../src/proxy/start-proxy.js';
import { MetadataSchema, UsageFileSchema } from '../../src/store/schema.js';
import { canaryToken, describeWithKeychain } from '../support/keychain-guard.js';
import { startProxyHarness, type ProxyHarness } from '../support/proxy-harness.js';
import { rawRequest } from '../support/raw-http.js';
import { runKeyport } from '../support/run-keyport.js';
import { tempHome } from '../support/temp-home.js';
import { startStatelessUpstream, type BearerUpstream } from '../support/upstreams/bearer-upstreams.js';
import { inheritedEnv, postRpc } from './support/rpc-post.js';
import { startServe } from './support/serve-process.js';

const callPort = (port: number, key: string) => postRpc({ port, key });
const inherited = inheritedEnv;

describeWithKeychain('robustness: keychain, files and process faults', () => {
  const token = canaryToken('5a7e');
  let upstream: BearerUpstream;
  let harness: ProxyHarness;
  let key: string;

  beforeAll(async () => {
    upstream = await startStatelessUpstream(token);
    harness = await startProxyHarness('robust-state');
    await harness.addConnection({ name: 'svc', url: upstream.url, token });
    key = await harness.addClient('cursor');
  });

  afterAll(async () => {
    await harness?.close();
    await upstream?.close();
  });

  it('Given the keychain item is removed by another tool, then requests fail with a message naming `keyport rotate`, and work again once it is back — no restart', async () => {
    expect((await callPort(harness.proxy.port, key)).status).toBe(200);
    const outside = createOsSecretStore({ service: harness.service });
    expect(await outside.delete(tokenAccountIn(harness.home, 'svc'))).toBe(true);
    // The proxy holds the token in memory: it keeps serving until told the token changed.
    expect((await callPort(harness.proxy.port, key)).status).toBe(200);
    // Another process touches the connection (as a rotate does): the cached token is dropped.
    await harness.context.metadata.update((draft) => {
      draft.connections.svc!.tokenSetAt = new Date().toISOString();
    });
    await expect.poll(async () => (await callPort(harness.proxy.port, key)).status, { timeout: 3000 }).toBe(503);
    const missing = await callPort(harness.proxy.port, key);
    expect(JSON.parse(missing.body).error.message).toContain('keyport rotate svc');
    expect(missing.body).not.toContain(token);
    // A restart in this state comes up, and still answers clearly.
    await harness.restart();
    expect((await callPort(harness.proxy.port, key)).status).toBe(503);
    expect((await rawRequest({ port: harness.proxy.port, path: '/health' })).status).toBe(200);

    await outside.set(tokenAccountIn(harness.home, 'svc'), token);
    expect((await callPort(harness.proxy.port, key)).status).toBe(200);
  });

  it('Given the keychain is locked, then unavailable (memory store failWith: this gnome-keyring cannot be re-unlocked headless), then back — clear 503s, then recovery without a restart', async () => {
    const home = tempHome('robust-locked');
    const secrets = createMemorySecretStore();
    const context = createCoreContext({ env: { KEYPORT_HOME: home }, secretStore: secrets, logger: silentLogger });
    await context.vault.set('svc', token);
    await context.metadata.update((draft) => {
      draft.connections.svc = harness.context.metadata.read().connections.svc!;
      draft.clients.cursor = harness.context.metadata.read().clients.cursor!;
    });
    const proxy = await startProxy({ context, port: 0 });
    try {
      expect((await callPort(proxy.port, key)).status).toBe(200);
      for (const [failure, words] of [
        ['KEYCHAIN_LOCKED', 'locked'],
        ['KEYCHAIN_UNAVAILABLE', 'keychain'],
      ] as const) {
        secrets.failWith(failure);
        context.vault.invalidate('svc');
        const refused = await callPort(proxy.port, key);
        expect(refused.status).toBe(503);
        expect(JSON.parse(refused.body).error).toMatchObject({
          data: { reason: 'KEYCHAIN_UNAVAILABLE', connection: 'svc' },
        });
        expect(JSON.parse(refused.body).error.message.toLowerCase()).toContain(words);
        expect((await rawRequest({ port: proxy.port, path: '/health' })).status).toBe(200);
        secrets.failWith(null);
        expect((await callPort(proxy.port, key)).status).toBe(200);
      }
    } finally {
      await proxy.close();
      context.metadata.close();
      context.usage.close();
    }
  });

  it('Given metadata.json corrupted, then truncated, while `keyport serve` is stopped, then it starts, moves the file aside intact, and the keychain still holds the token', async () => {
    const home = tempHome('robust-corrupt');
    const service = `${harness.service}-corrupt`;
    const env = { ...inherited(), KEYPORT_HOME: home, KEYPORT_KEYCHAIN_SERVICE: service };
    const secrets = createOsSecretStore({ service });
    try {
      const added = await runKeyport(['add', 'svc', '--url', upstream.url, '--no-verify'], {
        env,
        input: `${token}\n`,
      });
      expect(added.stderr).toBe('');
      expect(added.code).toBe(0);
      const file = path.join(home, 'metadata.json');
      const original = readFileSync(file, 'utf8');
      const account = tokenAccountIn(home, 'svc'); // the install id in the file about to be damaged
      for (const damaged of [
        '{"version":1,"connections":{"svc":{{{ not json',
        original.slice(0, Math.floor(original.length / 2)),
      ]) {
        writeFileSync(file, damaged);
        const serve = await startServe({ env });
        try {
          expect((await rawRequest({ port: serve.port, path: '/health' })).status).toBe(200);
          const asideFiles = readdirSync(home).filter((name) => name.startsWith('metadata.corrupt-'));
          expect(asideFiles.map((name) => readFileSync(path.join(home, name), 'utf8'))).toContain(damaged);
          // A fresh document is used; it reaches the disk with the next change.
          if (existsSync(file))
            expect(() => MetadataSchema.parse(JSON.parse(readFileSync(file, 'utf8')))).not.toThrow();
          expect(await secrets.get(account)).toBe(token);
        } finally {
          await serve.stop();
        }
        for (const name of readdirSync(home).filter((entry) => entry.startsWith('metadata.corrupt-'))) {
          writeFileSync(path.join(home, name), '');
        }
        writeFileSync(file, original);
      }
      // The user re-registers the connection over the token that survived.
      const list = await runKeyport(['list'], { env });
      expect(list.code).toBe(0);
      expect(list.stdout).toContain('svc');
    } finally {
      await clearKeychainService(service);
    }
  });

  it('Given kill -9 of `keyport serve` while it flushes usage under load, then every restart finds valid files and no corrupt copy', async () => {
    const home = tempHome('robust-kill9');
    const service = `${harness.service}-kill9`;
    const env = { ...inherited(), KEYPORT_HOME: home, KEYPORT_KEYCHAIN_SERVICE: service };
    try {
      expect(
        (await runKeyport(['add', 'svc', '--url', upstream.url, '--no-verify'], { env, input: `${token}\n` })).code,
      ).toBe(0);
      const context = createCoreContext({ env, logger: silentLogger });
      const { key: clientKey } = await ensureClientKey({ ...context, client: 'cursor' });
      context.metadata.close();
      context.usage.close();
      let served = 0;
      for (let round = 0; round < 4; round += 1) {
        // Usage and audit flushed every 10 ms, so the kill lands in or near a write.
        const serve = await startServe({ env, flushMs: 10 });
        let running = true;
        const load = Array.from({ length: 8 }, async () => {
          while (running) {
            const response = await callPort(serve.port, clientKey).catch(() => undefined);
            if (response?.status === 200) served += 1;
          }
        });
        await new Promise((resolve) => setTimeout(resolve, 300 + round * 170));
        serve.child.kill('SIGKILL');
        expect(await serve.exited).toBe('SIGKILL');
        running = false;
        await Promise.all(load);
        expect(() => JSON.parse(readFileSync(path.join(home, 'metadata.json'), 'utf8'))).not.toThrow();
        // usage.json appears with the first flush; if the kill came first, it may not exist yet.
        const usageFile = path.join(home, 'usage.json');
        if (existsSync(usageFile)) {
          expect(
            () => UsageFileSchema.parse(JSON.parse(readFileSync(usageFile, 'utf8'))),
            `round ${round + 1}`,
          ).not.toThrow();
        }
        expect(readdirSync(home).filter((name) => name.includes('.corrupt-'))).toEqual([]);
      }
      expect(served).toBeGreaterThan(0);
      const last = await startServe({ env });
      expect((await callPort(last.port, clientKey)).status).toBe(200);
      await last.stop();
      expect(readFileSync(path.join(home, 'usage.json'), 'utf8')).toContain('"svc"');
      expect(last.output().stderr).not.toContain('corrupt');
      expect(existsSync(path.join(home, 'usage.json'))).toBe(true);
    } finally {
      await clearKeychainService(service);
    }
  });

  it('Given the port is taken, then startProxy and `keyport serve` refuse with PORT_IN_USE naming --port, and the running proxy is untouched', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const port = (squatter.address() as { port: number }).port;
    try {
      await expect(startProxy({ context: harness.context, port })).rejects.toMatchObject({ code: 'PORT_IN_USE' });
      await expect(startProxy({ context: harness.context, port: harness.proxy.port })).rejects.toThrow(/--port/);
      const serve = await startServe({ env: { ...inherited(), ...harness.env }, port, waitReady: false });
      expect(await serve.exited).toBe(1);
      expect(serve.output().stderr).toMatch(/already in use.*--port/s);
      expect((await callPort(harness.proxy.port, key)).status).toBe(200);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });
});
