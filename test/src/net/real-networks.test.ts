// Issue 16's real-network acceptance through the built CLI and the real keychain: an https MCP
// upstream on a private CA (openssl) behind Debian's tinyproxy. `keyport add` verifies it and the
// MCP SDK client calls its tools through `keyport serve`, with the CA trusted three ways; NO_PROXY
// bypasses the proxy; proxy credentials come from the URL and never show; plain http goes as
// absolute-form requests without CONNECT.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryToken, describeWithKeychain, uniqueKeychainService } from '../../support/keychain-guard.js';
import { networkEnv } from '../../support/network-env.js';
import { createPrivateCa, opensslAvailable, type PrivateCa } from '../../support/private-ca.js';
import { runKeyport } from '../../support/run-keyport.js';
import { sdkEcho, withServe } from '../../support/served-proxy.js';
import { readAllFiles, tempHome } from '../../support/temp-home.js';
import { startTinyproxy, tinyproxyAvailable, type Tinyproxy } from '../../support/tinyproxy.js';
import {
  startStatefulUpstream,
  startStatelessUpstream,
  type BearerUpstream,
} from '../../support/upstreams/bearer-upstreams.js';

const ready = opensslAvailable() && tinyproxyAvailable();

describeWithKeychain('real networks: tinyproxy, a private CA, NO_PROXY (built CLI, real keychain)', () => {
  describe.skipIf(!ready)('with tinyproxy and openssl', () => {
    const home = tempHome('real-networks');
    const token = canaryToken('7e57');
    const password = `pw-${randomBytes(12).toString('hex')}`;
    const base = {
      ...process.env,
      KEYPORT_HOME: home,
      KEYPORT_KEYCHAIN_SERVICE: uniqueKeychainService('net'),
      KEYPORT_LOG_LEVEL: 'debug',
    };
    const outputs: string[] = [];
    let ca: PrivateCa;
    let https: BearerUpstream;
    let http: BearerUpstream;
    let tinyproxy: Tinyproxy;
    let guarded: Tinyproxy;
    let key = '';

    const keyport = async (args: readonly string[], env: Record<string, string>, input?: string) => {
      const run = await runKeyport(args, { env, ...(input === undefined ? {} : { input }) });
      outputs.push(run.stdout, run.stderr);
      return run;
    };
    /** add, then the SDK client's echo through `keyport serve`, both with `env`. */
    const addAndCall = async (name: string, url: string, env: Record<string, string>, args: string[] = []) => {
      const added = await keyport(['add', name, '--url', url, ...args], env, `${token}\n`);
      expect(added.stderr).toBe('');
      expect(added.code).toBe(0);
      const served = await withServe(env, (port) => sdkEcho({ port, connection: name, key, text: `hi ${name}` }));
      outputs.push(served.stdout, served.stderr);
      expect(served.result).toBe(`hi ${name}`);
      return added.stdout;
    };

    beforeAll(async () => {
      ca = createPrivateCa('real-networks');
      https = await startStatefulUpstream(token, { tls: ca.leaf });
      http = await startStatelessUpstream(token);
      tinyproxy = await startTinyproxy();
      guarded = await startTinyproxy({ auth: { user: 'keyport', password } });
      const client = await keyport(['client', 'add', 'e2e', '--json'], base);
      key = (JSON.parse(client.stdout) as { key: string }).key;
    });
    afterAll(async () => {
      await Promise.all([https?.close(), http?.close(), tinyproxy?.stop(), guarded?.stop()]);
      ca?.remove();
    });

    it.each([
      ['NODE_EXTRA_CA_CERTS', 'extra-ca', { NODE_EXTRA_CA_CERTS: 'ca' }, []],
      ['SSL_CERT_FILE', 'ssl-cert-file', { SSL_CERT_FILE: 'ca' }, []],
      ['--ca', 'own-ca', {}, ['--ca']],
    ] as const)(
      'Given HTTPS_PROXY at tinyproxy and the CA in %s, when `keyport add` verifies and the SDK client calls tools through `keyport serve`, then each went through a CONNECT',
      async (_label, name, trust, args) => {
        // Given
        const env = networkEnv(base, {
          HTTPS_PROXY: tinyproxy.url,
          ...Object.fromEntries(Object.keys(trust).map((variable) => [variable, ca.caFile])),
        });
        const host = new URL(https.origin).host;
        const before = tinyproxy.connects().length;
        const seen = https.seen.length;
        // When
        const verified = await addAndCall(name, https.url, env, args.length ? [args[0], ca.caFile] : []);
        // Then
        expect(verified).toContain('Verified: stateful-upstream 1.0.0, 2 tools');
        const connects = tinyproxy.connects().slice(before);
        expect(connects.length).toBeGreaterThanOrEqual(3); // add, serve's start-up check, the SDK client
        expect(new Set(connects)).toEqual(new Set([host]));
        expect(https.seen.slice(seen).every((request) => request.headers.authorization === `Bearer ${token}`)).toBe(
          true,
        );
      },
    );

    it('Given NO_PROXY naming the upstream host, when add and the SDK client run, then tinyproxy sees nothing', async () => {
      const env = networkEnv(base, {
        HTTPS_PROXY: tinyproxy.url,
        NO_PROXY: 'localhost,127.0.0.1',
        NODE_EXTRA_CA_CERTS: ca.caFile,
      });
      const before = tinyproxy.requests().length;
      const seen = https.seen.length;
      await addAndCall('no-proxy', https.url, env);
      expect(tinyproxy.requests().length).toBe(before);
      expect(https.seen.length).toBeGreaterThan(seen);
    });

    it('Given proxy credentials in the HTTPS_PROXY userinfo, then add and the SDK client pass the proxy’s BasicAuth (which refuses a URL without them)', async () => {
      // Given
      const env = networkEnv(base, { HTTPS_PROXY: guarded.urlWithCredentials, NODE_EXTRA_CA_CERTS: ca.caFile });
      // When
      await addAndCall('with-credentials', https.url, env);
      const anonymous = await keyport(
        ['check', 'with-credentials'],
        networkEnv(base, { HTTPS_PROXY: guarded.url, NODE_EXTRA_CA_CERTS: ca.caFile }),
      );
      // Then
      expect(guarded.connects().length).toBeGreaterThanOrEqual(3);
      expect(anonymous.code).toBe(1);
      expect(anonymous.stdout).toContain(`The proxy ${guarded.url} asks for credentials (HTTP 407)`);
    });

    it('Given a plain http upstream and HTTP_PROXY, then requests go to tinyproxy in absolute form, never as CONNECT', async () => {
      const env = networkEnv(base, { HTTP_PROXY: tinyproxy.url });
      const before = tinyproxy.requests().length;
      const verified = await addAndCall('plain-http', http.url, env);
      expect(verified).toContain('Verified: stateless-upstream');
      // (serve's start-up check of the https connections above also uses HTTP_PROXY: CONNECTs to their host.)
      const host = new URL(http.origin).host;
      const requests = tinyproxy
        .requests()
        .slice(before)
        .filter((request) => request.target.includes(host));
      expect(requests.length).toBeGreaterThanOrEqual(3);
      expect(requests.filter((request) => request.method === 'CONNECT')).toEqual([]);
      expect(new Set(requests.map((request) => request.target))).toEqual(new Set([http.url]));
      expect(new Set(requests.map((request) => request.method))).toContain('POST');
    });

    it('Given everything above, then neither the token nor the proxy password appears in any output, log or file', () => {
      const texts = [...outputs, ...readAllFiles(home).map((file) => `${file.file}\n${file.content}`)];
      expect(texts.length).toBeGreaterThan(10);
      expect(texts.filter((text) => text.includes(token))).toEqual([]);
      expect(texts.filter((text) => text.includes(password))).toEqual([]);
      expect(readAllFiles(home).map((file) => file.file)).toContainEqual(expect.stringMatching(/audit\.log$/));
    });
  });
});
