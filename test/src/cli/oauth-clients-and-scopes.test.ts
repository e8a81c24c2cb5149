// OAuth sign-in variants through the built CLI against the SDK-built OAuth server: step-up for more
// scope (during add, at most twice; in the proxy, then `keyport login`), pre-registered clients
// with client_secret_basic and client_secret_post, a Client ID Metadata Document served over https
// from a private CA, and two processes refreshing at once (one refresh at the server).
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TokenSummary } from '../../../src/contract/dto.js';
import { clientMetadataDocument } from '../../../src/credentials/oauth/client-metadata-document.js';
import { HEADLESS_BROWSER } from '../../support/oauth/headless-browser.js';
import { describeWithKeychain, secretToolSearch, uniqueKeychainService } from '../../support/keychain-guard.js';
import {
  startOAuthMcpServer,
  type OAuthMcpServer,
  type OAuthServerOptions,
} from '../../support/oauth/oauth-mcp-server.js';
import { createPrivateCa, type PrivateCa } from '../../support/private-ca.js';
import { rawRequest } from '../../support/raw-http.js';
import { runKeyport, type KeyportRun } from '../../support/run-keyport.js';
import { sdkEcho, withServe } from '../../support/served-proxy.js';
import { readAllFiles, tempHome } from '../../support/temp-home.js';

describeWithKeychain('OAuth clients and scopes (built CLI, SDK OAuth server, headless browser)', () => {
  const home = tempHome('oauth-variants');
  const service = uniqueKeychainService('oauth-variants');
  const env = {
    ...process.env,
    KEYPORT_HOME: home,
    KEYPORT_KEYCHAIN_SERVICE: service,
    KEYPORT_PORT: '0',
    BROWSER: HEADLESS_BROWSER,
  };
  const clientSecret = `cs_${'5eC7'.repeat(12)}`;
  const outputs: KeyportRun[] = [];
  const servers: OAuthMcpServer[] = [];
  let ca: PrivateCa;
  let documentServer: Server;
  let documentUrl: string;
  let key: string;

  const keyport = async (args: string[], options: { input?: string; extraEnv?: Record<string, string> } = {}) => {
    const result = await runKeyport(args, {
      env: { ...env, ...options.extraEnv },
      ...(options.input === undefined ? {} : { input: options.input }),
    });
    outputs.push(result);
    return result;
  };
  const server = async (options: OAuthServerOptions) => {
    const started = await startOAuthMcpServer(options);
    servers.push(started);
    return started;
  };
  const summaryOf = async (name: string) =>
    (JSON.parse((await keyport(['list', '--json'])).stdout) as TokenSummary[]).find((token) => token.name === name);

  beforeAll(async () => {
    ca = createPrivateCa('cimd');
    documentServer = createHttpsServer(ca.leaf, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(clientMetadataDocument(documentUrl)));
    });
    await new Promise<void>((resolve) => documentServer.listen(0, '127.0.0.1', resolve));
    documentUrl = `https://127.0.0.1:${(documentServer.address() as AddressInfo).port}/oauth/keyport-client.json`;
    key = (JSON.parse((await keyport(['client', 'add', 'variants', '--json'])).stdout) as { key: string }).key;
  });
  afterAll(async () => {
    await Promise.all(servers.map((started) => started.close()));
    documentServer.closeAllConnections();
    documentServer.close();
    ca.remove();
  });

  it('Given a first sign-in granted less than the server then demands, then add signs in again for the union and succeeds', async () => {
    // The person unticks mcp:admin at the first consent; the second time it is granted.
    let consents = 0;
    const upstream = await server({
      scopesSupported: ['mcp:read'],
      grantable: (asked) => ((consents += 1) === 1 ? asked.filter((scope) => scope !== 'mcp:admin') : asked),
    });
    upstream.requireScopes(['mcp:read', 'mcp:admin']);
    const added = await keyport(['add', 'up', '--url', upstream.url, '--oauth']);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toContain('signing in again for scope "mcp:read mcp:admin"');
    expect(upstream.authorizedScopes).toEqual([
      ['mcp:read', 'mcp:admin'],
      ['mcp:read', 'mcp:admin'],
    ]);
    expect((await summaryOf('up'))?.oauth?.scope).toBe('mcp:read mcp:admin');
  });

  it('Given a server that never grants the scope it demands, then add stops after two step-ups and stores nothing', async () => {
    const upstream = await server({ scopesSupported: ['mcp:read'], grantable: () => ['mcp:read'] });
    upstream.requireScopes(['mcp:read', 'mcp:admin']);
    const added = await keyport(['add', 'never', '--url', upstream.url, '--oauth']);
    expect(added.code).toBe(1);
    expect(added.stderr).toMatch(
      /^keyport: .*needs more access than this sign-in granted \(scope mcp:read mcp:admin\)/m,
    );
    expect(upstream.counts.authorizations).toBe(3);
    expect(await summaryOf('never')).toBeUndefined();
  });

  it('Given the proxy meets 403 insufficient_scope, then it answers naming `keyport login`, list says more access is needed, and login asks for the union', async () => {
    const upstream = await server({ scopesSupported: ['mcp:tools'], accessTtlSeconds: 60 });
    expect((await keyport(['add', 'step', '--url', upstream.url, '--oauth'])).code).toBe(0);
    upstream.requireScopes(['mcp:tools', 'mcp:extra']);
    const served = await withServe(env, (port) =>
      rawRequest({
        port,
        path: '/step/mcp',
        method: 'POST',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      }),
    );
    expect(served.result.status).toBe(403);
    expect(served.result.body).toContain('keyport login step');
    expect(served.result.body).toContain('INSUFFICIENT_SCOPE');
    await sleep(100);
    const summary = await summaryOf('step');
    expect(summary?.attention.reasons[0]).toMatchObject({ code: 'sign-in-needed' });
    expect(summary?.oauth?.moreScope).toBe('mcp:tools mcp:extra');
    const login = await keyport(['login', 'step']);
    expect(login.code, login.stderr).toBe(0);
    expect(upstream.authorizedScopes.at(-1)).toEqual(['mcp:tools', 'mcp:extra']);
    const after = await withServe(env, (port) => sdkEcho({ port, connection: 'step', key, text: 'more access' }));
    expect(after.result).toBe('more access');
  });

  it.each([['client_secret_basic' as const], ['client_secret_post' as const]])(
    'Given a pre-registered client using %s, then add --client-id reads its secret from stdin and signs in without registering',
    async (method) => {
      const upstream = await server({
        preRegistered: { id: `keyport-${method}`, secret: clientSecret, method },
        dynamicRegistration: false,
      });
      const name = method === 'client_secret_basic' ? 'basic' : 'post';
      const added = await keyport(['add', name, '--url', upstream.url, '--oauth', '--client-id', `keyport-${method}`], {
        input: `${clientSecret}\n`,
      });
      expect(added.code, added.stderr).toBe(0);
      expect(upstream.counts.registrations).toBe(0);
      expect(upstream.counts.basicAuth > 0).toBe(method === 'client_secret_basic');
      expect((await summaryOf(name))?.oauth?.clientSource).toBe('pre-registered');
      expect(secretToolSearch(service)).toContain(clientSecret);
    },
  );

  it('Given a server that supports Client ID Metadata Documents, then Keyport uses its document URL as client_id and registers nothing', async () => {
    const upstream = await server({ dynamicRegistration: false, metadataDocuments: { ca: ca.caPem } });
    const added = await keyport(['add', 'cimd', '--url', upstream.url, '--oauth'], {
      extraEnv: { KEYPORT_OAUTH_CLIENT_METADATA_URL: documentUrl },
    });
    expect(added.code, added.stderr).toBe(0);
    expect(upstream.counts.documentFetches).toBeGreaterThan(0);
    expect(upstream.counts.registrations).toBe(0);
    expect((await summaryOf('cimd'))?.oauth?.clientSource).toBe('metadata-document');
  });

  it('Given a server that supports Client ID Metadata Documents but no document URL configured, then Keyport registers instead of naming a document nobody serves', async () => {
    const upstream = await server({ metadataDocuments: { ca: ca.caPem } });
    const added = await keyport(['add', 'cimd-off', '--url', upstream.url, '--oauth']);
    expect(added.code, added.stderr).toBe(0);
    expect(upstream.counts.documentFetches).toBe(0);
    expect(upstream.counts.registrations).toBe(1);
    expect((await summaryOf('cimd-off'))?.oauth?.clientSource).toBe('dynamic');
  });

  it('Given two processes that need a refresh at the same moment, then the server sees one refresh', async () => {
    const upstream = await server({ accessTtlSeconds: 2 });
    expect((await keyport(['add', 'twin', '--url', upstream.url, '--oauth'])).code).toBe(0);
    await sleep(2200);
    const before = upstream.counts.refreshes;
    const [first, second] = await Promise.all([keyport(['check', 'twin']), keyport(['check', 'twin'])]);
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    expect(upstream.counts.refreshes - before).toBe(1);
  });

  it('Given all of the above, then no token or client secret is in a data-folder file or any output', () => {
    const canaries = [clientSecret, ...servers.flatMap((started) => started.issued)];
    for (const { file, content } of readAllFiles(home)) {
      for (const canary of canaries) expect(content.includes(canary), `${canary.slice(0, 6)}… in ${file}`).toBe(false);
    }
    for (const output of outputs)
      for (const canary of canaries) expect(output.stdout + output.stderr).not.toContain(canary);
  });
});
