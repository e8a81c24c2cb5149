// The `proxy` setting (metadata.json `settings.proxy`, written directly: no CLI for it yet) over
// the environment, through the built CLI and the real keychain: with HTTPS_PROXY at a port where
// nothing listens, `none` goes direct and a URL goes through tinyproxy, for `check` and for the
// SDK client through `keyport serve`; NO_PROXY still applies to a URL setting.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../../robustness/support/sockets.js';
import { canaryToken, describeWithKeychain, uniqueKeychainService } from '../../support/keychain-guard.js';
import { networkEnv } from '../../support/network-env.js';
import { createPrivateCa, opensslAvailable, type PrivateCa } from '../../support/private-ca.js';
import { runKeyport } from '../../support/run-keyport.js';
import { sdkEcho, withServe } from '../../support/served-proxy.js';
import { tempHome } from '../../support/temp-home.js';
import { startTinyproxy, tinyproxyAvailable, type Tinyproxy } from '../../support/tinyproxy.js';
import { startStatefulUpstream, type BearerUpstream } from '../../support/upstreams/bearer-upstreams.js';

const ready = opensslAvailable() && tinyproxyAvailable();

describeWithKeychain('the proxy setting over HTTPS_PROXY (built CLI, real keychain)', () => {
  describe.skipIf(!ready)('with tinyproxy and openssl', () => {
    const home = tempHome('proxy-setting');
    const token = canaryToken('5e77');
    const base = { ...process.env, KEYPORT_HOME: home, KEYPORT_KEYCHAIN_SERVICE: uniqueKeychainService('setting') };
    let ca: PrivateCa;
    let upstream: BearerUpstream;
    let tinyproxy: Tinyproxy;
    let env: Record<string, string>;
    let deadProxy = '';
    let key = '';

    const setProxy = (value: string | null) => {
      const file = path.join(home, 'metadata.json');
      const metadata = JSON.parse(readFileSync(file, 'utf8')) as { settings: { proxy: string | null } };
      metadata.settings.proxy = value;
      writeFileSync(file, JSON.stringify(metadata, null, 2));
    };
    const check = async (extra: Record<string, string> = {}) => {
      const run = await runKeyport(['check', 'svc', '--json'], { env: { ...env, ...extra } });
      return (JSON.parse(run.stdout) as Array<{ state: string; detail: string }>)[0]!;
    };

    beforeAll(async () => {
      ca = createPrivateCa('setting');
      upstream = await startStatefulUpstream(token, { tls: ca.leaf });
      tinyproxy = await startTinyproxy();
      deadProxy = `http://127.0.0.1:${await closedPort()}`;
      env = networkEnv(base, { HTTPS_PROXY: deadProxy });
      const added = await runKeyport(['add', 'svc', '--url', upstream.url, '--ca', ca.caFile, '--no-verify'], {
        env,
        input: `${token}\n`,
      });
      expect(added.code).toBe(0);
      key = (JSON.parse((await runKeyport(['client', 'add', 'e2e', '--json'], { env })).stdout) as { key: string }).key;
    });
    afterAll(async () => {
      await Promise.all([upstream?.close(), tinyproxy?.stop()]);
      ca?.remove();
    });

    it('Given no proxy setting, then HTTPS_PROXY is used (and here leads nowhere)', async () => {
      setProxy(null);
      const result = await check();
      expect(result.state).toBe('unreachable');
      expect(result.detail).toContain(`through the proxy ${deadProxy} (ECONNREFUSED)`);
    });

    it('Given the setting `none`, when check and the SDK client run, then they go direct and ignore HTTPS_PROXY', async () => {
      setProxy('none');
      const before = tinyproxy.requests().length;
      expect(await check()).toMatchObject({ state: 'ok' });
      const served = await withServe(env, (port) => sdkEcho({ port, connection: 'svc', key, text: 'direct' }));
      expect(served.result).toBe('direct');
      expect(tinyproxy.requests().length).toBe(before);
    });

    it('Given the setting is tinyproxy’s URL, when check and the SDK client run, then they go through it, not HTTPS_PROXY', async () => {
      setProxy(tinyproxy.url);
      const before = tinyproxy.connects().length;
      expect(await check()).toMatchObject({ state: 'ok' });
      const served = await withServe(env, (port) => sdkEcho({ port, connection: 'svc', key, text: 'via setting' }));
      expect(served.result).toBe('via setting');
      const connects = tinyproxy.connects().slice(before);
      expect(connects.length).toBeGreaterThanOrEqual(3);
      expect(new Set(connects)).toEqual(new Set([new URL(upstream.origin).host]));
    });

    it('Given the setting is a URL and NO_PROXY names the host, then the request goes direct', async () => {
      setProxy(tinyproxy.url);
      const before = tinyproxy.requests().length;
      expect(await check({ NO_PROXY: '127.0.0.1' })).toMatchObject({ state: 'ok' });
      expect(tinyproxy.requests().length).toBe(before);
    });
  });
});
