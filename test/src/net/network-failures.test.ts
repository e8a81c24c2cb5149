// Network failures read the same in `keyport add`, `keyport check` and the proxy's JSON-RPC error
// (built CLI, real keychain, real TLS and tinyproxy): an untrusted certificate (direct and inside a
// CONNECT tunnel) names the fix, then `keyport set --ca` fixes it; a proxy that is down, refuses the
// CONNECT (403) or wants credentials (407) is named as scheme://host:port, never with credentials.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../../robustness/support/sockets.js';
import { canaryToken, describeWithKeychain, uniqueKeychainService } from '../../support/keychain-guard.js';
import { networkEnv } from '../../support/network-env.js';
import { createPrivateCa, opensslAvailable, type PrivateCa } from '../../support/private-ca.js';
import { runKeyport } from '../../support/run-keyport.js';
import { postInitialize, withServe } from '../../support/served-proxy.js';
import { readAllFiles, tempHome } from '../../support/temp-home.js';
import { startTinyproxy, tinyproxyAvailable, type Tinyproxy } from '../../support/tinyproxy.js';
import { startStatefulUpstream, type BearerUpstream } from '../../support/upstreams/bearer-upstreams.js';

const ready = opensslAvailable() && tinyproxyAvailable();

/** What each face of Keyport said about one failure. */
interface ThreeWays {
  readonly add: string;
  readonly check: string;
  readonly proxy: string;
}

describeWithKeychain('network failures read the same in add, check and the proxy (built CLI, real keychain)', () => {
  describe.skipIf(!ready)('with tinyproxy and openssl', () => {
    const home = tempHome('net-failures');
    const token = canaryToken('fa11');
    const password = `pw-${randomBytes(12).toString('hex')}`;
    const base = {
      ...process.env,
      KEYPORT_HOME: home,
      KEYPORT_KEYCHAIN_SERVICE: uniqueKeychainService('fail'),
      KEYPORT_LOG_LEVEL: 'debug',
    };
    const outputs: string[] = [];
    let ca: PrivateCa;
    let upstream: BearerUpstream;
    let tinyproxy: Tinyproxy;
    let refusing: Tinyproxy;
    let guarded: Tinyproxy;
    let key = '';
    let where = '';
    let host = '';

    const keyport = async (args: readonly string[], env: Record<string, string>) => {
      const run = await runKeyport(args, { env, input: `${token}\n` });
      outputs.push(run.stdout, run.stderr);
      return run;
    };

    /** `add` of a new connection, `check` of `name` (added unverified) and a call through `keyport serve`. */
    const threeWays = async (name: string, env: Record<string, string>): Promise<ThreeWays> => {
      expect((await keyport(['add', name, '--url', upstream.url, '--no-verify'], base)).code).toBe(0);
      const added = await keyport(['add', `${name}-new`, '--url', upstream.url], env);
      expect(added.code).toBe(1);
      const checked = await keyport(['check', name, '--json'], env);
      const [row] = JSON.parse(checked.stdout) as Array<{ state: string; detail: string }>;
      expect(row?.state).toBe('unreachable');
      const served = await withServe(env, (port) => postInitialize({ port, connection: name, key }));
      outputs.push(served.stdout, served.stderr, served.result.body);
      expect(served.result.status).toBe(502);
      const body = JSON.parse(served.result.body) as { error: { message: string } };
      return { add: added.stderr.replace(/^keyport: /, '').trim(), check: row!.detail, proxy: body.error.message };
    };

    beforeAll(async () => {
      ca = createPrivateCa('failures');
      upstream = await startStatefulUpstream(token, { tls: ca.leaf });
      where = `${upstream.origin}/mcp`;
      host = new URL(upstream.origin).host;
      tinyproxy = await startTinyproxy();
      refusing = await startTinyproxy({ connectPorts: [443] });
      guarded = await startTinyproxy({ auth: { user: 'keyport', password } });
      key = (JSON.parse((await keyport(['client', 'add', 'e2e', '--json'], base)).stdout) as { key: string }).key;
    });
    afterAll(async () => {
      await Promise.all([upstream?.close(), tinyproxy?.stop(), refusing?.stop(), guarded?.stop()]);
      ca?.remove();
    });

    it.each([
      ['directly', 'untrusted-direct', false],
      ['through tinyproxy', 'untrusted-tunnel', true],
    ] as const)(
      'Given a certificate from a CA nobody trusts, reached %s, then add, check and the proxy each name the --ca fix; `keyport set --ca` fixes it',
      async (_label, name, proxied) => {
        // Given
        const env = networkEnv(base, proxied ? { HTTPS_PROXY: tinyproxy.url } : {});
        const untrusted = (fix: string) =>
          `The certificate of ${host} is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE): if your network inspects TLS, add its CA with ${fix} or NODE_EXTRA_CA_CERTS.`;
        // When
        const said = await threeWays(name, env);
        // Then
        expect(said).toEqual({
          add: untrusted('`--ca <file>`'),
          check: untrusted(`\`keyport set ${name} --ca <file>\``),
          proxy: `Connection "${name}": ${untrusted(`\`keyport set ${name} --ca <file>\``)}`,
        });
        expect((await keyport(['set', name, '--ca', ca.caFile], env)).code).toBe(0);
        const fixed = await keyport(['check', name, '--json'], env);
        expect(JSON.parse(fixed.stdout)).toEqual([expect.objectContaining({ state: 'ok' })]);
      },
    );

    it('Given HTTPS_PROXY at a port where nothing listens (with credentials), then all three name the proxy without them', async () => {
      const port = await closedPort();
      const said = await threeWays(
        'proxy-down',
        networkEnv(base, { HTTPS_PROXY: `http://keyport:${password}@127.0.0.1:${port}` }),
      );
      const sentence = `Cannot reach ${where} through the proxy http://127.0.0.1:${port} (ECONNREFUSED); check the proxy (HTTPS_PROXY/HTTP_PROXY or the proxy setting) and your network.`;
      expect(said).toEqual({ add: sentence, check: sentence, proxy: `Connection "proxy-down": ${sentence}` });
    });

    it('Given a proxy that refuses the CONNECT (403), then all three say so and name NO_PROXY', async () => {
      const said = await threeWays('proxy-403', networkEnv(base, { HTTPS_PROXY: refusing.url }));
      const sentence = `Cannot reach ${host} through the proxy ${refusing.url} (it answered HTTP 403); check that the proxy allows ${host}, or list the host in NO_PROXY.`;
      expect(said).toEqual({ add: sentence, check: sentence, proxy: `Connection "proxy-403": ${sentence}` });
      expect(refusing.log()).toContain(`Refused CONNECT method on port ${new URL(upstream.origin).port}`);
    });

    // tinyproxy answers a CONNECT without credentials with 407 and one with a wrong password with 401.
    it.each([
      ['no credentials', 'proxy-407', '', 407],
      ['a wrong password', 'proxy-401', `keyport:${password}-wrong@`, 401],
    ])(
      'Given a proxy that wants credentials and %s, then all three ask for them in the proxy URL',
      async (_label, name, userinfo, status) => {
        const said = await threeWays(
          name,
          networkEnv(base, { HTTPS_PROXY: `http://${userinfo}127.0.0.1:${guarded.port}` }),
        );
        const sentence = `The proxy ${guarded.url} asks for credentials (HTTP ${status}): give the right user and password in the proxy URL (http://user:password@host:port).`;
        expect(said).toEqual({ add: sentence, check: sentence, proxy: `Connection "${name}": ${sentence}` });
      },
    );

    it.each([
      ['without a scheme', 'proxy-no-scheme', 'proxy.corp:3128', 'HTTPS_PROXY is not a valid proxy URL;'],
      [
        'with credentials but no scheme',
        'proxy-no-scheme-auth',
        `keyport:${password}@proxy.corp:3128`,
        'HTTPS_PROXY is not a valid proxy URL;',
      ],
      [
        'with an unsupported scheme',
        'proxy-socks',
        'socks5://127.0.0.1:1080',
        'HTTPS_PROXY uses socks5; Keyport supports http:// and https:// proxies:',
      ],
    ])(
      'Given HTTPS_PROXY %s, then add, check and the proxy say how to write it (and serve keeps answering)',
      async (_label, name, value, start) => {
        const said = await threeWays(name, networkEnv(base, { HTTPS_PROXY: value }));
        const sentence = `${start} write it as http://host:port (credentials as http://user:password@host:port).`;
        expect(said).toEqual({ add: sentence, check: sentence, proxy: `Connection "${name}": ${sentence}` });
      },
    );

    it('Given everything above, then neither the token nor a proxy password appears in any output or file', () => {
      const texts = [...outputs, ...readAllFiles(home).map((file) => `${file.file}\n${file.content}`)];
      expect(texts.filter((text) => text.includes(token))).toEqual([]);
      expect(texts.filter((text) => text.includes(password))).toEqual([]);
    });
  });
});
