// OAuth end to end through the built CLI: an OAuth-protected MCP server made of the SDK's server auth
// pieces (3-second access tokens, rotating refresh tokens), a headless "browser" as BROWSER that
// follows the authorization redirect to Keyport's loopback callback, `keyport serve` and an SDK
// client. Every access and refresh token the server issued is a canary: in the keychain only.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TokenSummary } from '../../../src/contract/dto.js';
import { describeWithKeychain, secretToolSearch, uniqueKeychainService } from '../../support/keychain-guard.js';
import { rawRequest } from '../../support/raw-http.js';
import { runKeyport, type KeyportRun } from '../../support/run-keyport.js';
import { sdkEcho, withServe } from '../../support/served-proxy.js';
import { readAllFiles, tempHome } from '../../support/temp-home.js';
import { HEADLESS_BROWSER } from '../../support/oauth/headless-browser.js';
import { startOAuthMcpServer, type OAuthMcpServer } from '../../support/oauth/oauth-mcp-server.js';

describeWithKeychain(
  'keyport add --oauth, serve across expiry, refresh, sign-in needed, login, logout (built CLI)',
  () => {
    const home = tempHome('oauth');
    const service = uniqueKeychainService('oauth');
    const env = {
      ...process.env,
      KEYPORT_HOME: home,
      KEYPORT_KEYCHAIN_SERVICE: service,
      KEYPORT_PORT: '0',
      BROWSER: HEADLESS_BROWSER,
    };
    const outputs: KeyportRun[] = [];
    let server: OAuthMcpServer;
    let key: string;

    const keyport = async (args: string[], input?: string) => {
      const result = await runKeyport(args, { env, ...(input === undefined ? {} : { input }) });
      outputs.push(result);
      return result;
    };
    const summaryOf = async (name: string) =>
      (JSON.parse((await keyport(['list', '--json'])).stdout) as TokenSummary[]).find((token) => token.name === name)!;
    const call = (port: number, id: number) =>
      rawRequest({
        port,
        path: '/oa/mcp',
        method: 'POST',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': '2025-06-18',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/list' }),
      });

    beforeAll(async () => {
      server = await startOAuthMcpServer({ accessTtlSeconds: 3, scopesSupported: ['mcp:tools'] });
      key = (JSON.parse((await keyport(['client', 'add', 'oauth-test', '--json'])).stdout) as { key: string }).key;
    });
    afterAll(async () => {
      await server.close();
    });

    it('Given BROWSER set to a headless browser, when `add --oauth` runs, then it signs in once, verifies, and keeps the tokens only in the keychain', async () => {
      const added = await keyport(['add', 'oa', '--url', server.url, '--oauth']);
      expect(added.code, added.stderr).toBe(0);
      expect(added.stderr).toContain(`${server.origin}/authorize?`);
      expect(added.stdout).toContain('Verified: oauth-upstream 1.0.0, 1 tools');
      expect(server.counts.authorizations).toBe(1);
      expect(server.counts.registrations).toBe(1);
      expect(server.authorizedScopes).toEqual([['mcp:tools']]);
      expect(server.resources).toEqual([server.url]);
      const summary = await summaryOf('oa');
      expect(summary).toMatchObject({
        kind: 'oauth',
        masked: 'OAuth',
        oauth: { scope: 'mcp:tools', signInNeeded: null },
      });
      expect(Date.parse(summary.oauth!.accessExpiresAt!)).toBeGreaterThan(Date.now());
      const keychain = secretToolSearch(service);
      expect(server.issued.filter((issued) => keychain.includes(issued))).toHaveLength(2);
      // The expiry column of an OAuth connection is its access token's (the proxy refreshes it).
      expect((await keyport(['list'])).stdout).toMatch(
        /oa +ok +127\.0\.0\.1\/oauth +OAuth +\S+ +access token in 1 minute/,
      );
    });

    it('Given keyport serve, when an SDK client calls before and after the access token expires, then both work with one authorization in total', async () => {
      const refreshesBefore = server.counts.refreshes;
      const served = await withServe(env, async (port) => {
        const before = await sdkEcho({ port, connection: 'oa', key, text: 'before expiry' });
        await sleep(3500);
        const after = await sdkEcho({ port, connection: 'oa', key, text: 'after expiry' });
        return [before, after];
      });
      expect(served.result).toEqual(['before expiry', 'after expiry']);
      expect(server.counts.authorizations).toBe(1);
      expect(server.counts.refreshes).toBeGreaterThan(refreshesBefore);
    });

    it('Given 50 concurrent requests when the access token has expired, then the proxy refreshes exactly once', async () => {
      const served = await withServe(env, async (port) => {
        expect((await call(port, 1)).status).toBe(200);
        await sleep(3300);
        const refreshesBefore = server.counts.refreshes;
        const answers = await Promise.all(Array.from({ length: 50 }, (_unused, index) => call(port, index + 2)));
        return {
          statuses: answers.map((answer) => answer.status),
          refreshes: server.counts.refreshes - refreshesBefore,
        };
      });
      expect(served.result.statuses).toEqual(Array.from({ length: 50 }, () => 200));
      expect(served.result.refreshes).toBe(1);
    });

    it('Given the provider revoked the refresh token, then calls fail with a JSON-RPC error naming `keyport login oa`, list says sign-in needed, and the proxy opened no browser', async () => {
      server.revokeAllRefreshTokens();
      const authorizations = server.counts.authorizations;
      const served = await withServe(env, async (port) => {
        await sleep(3300);
        const answer = await call(port, 1);
        const again = await call(port, 2);
        return { answer, again };
      });
      const body = JSON.parse(served.result.answer.body) as { error: { message: string; data: { reason: string } } };
      expect(served.result.answer.status).toBe(401);
      expect(body.error.data.reason).toBe('SIGN_IN_NEEDED');
      expect(body.error.message).toContain('keyport login oa');
      expect(served.result.again.status).toBe(401);
      expect(server.counts.authorizations).toBe(authorizations);
      const summary = await summaryOf('oa');
      expect(summary.attention.reasons[0]).toMatchObject({ code: 'sign-in-needed', fix: 'sign-in' });
      expect(summary.oauth?.signInNeeded?.detail).toBe('the authorization server no longer accepts the refresh token');
      expect((await keyport(['list'])).stdout).toContain('oa — fix: keyport login oa');
    });

    it('Given `keyport login oa`, then one new authorization makes the connection work again', async () => {
      const login = await keyport(['login', 'oa']);
      expect(login.code, login.stderr).toBe(0);
      expect(server.counts.authorizations).toBe(2);
      expect(server.counts.registrations).toBe(1);
      expect((await summaryOf('oa')).oauth?.signInNeeded).toBeNull();
      const served = await withServe(env, (port) => sdkEcho({ port, connection: 'oa', key, text: 'signed in again' }));
      expect(served.result).toBe('signed in again');
    });

    it('Given `keyport logout oa`, then the tokens are revoked at the server and gone from the keychain', async () => {
      const logout = await keyport(['logout', 'oa']);
      expect(logout.code, logout.stderr).toBe(0);
      expect(logout.stdout).toContain('revoked at the server');
      expect(server.counts.revocations).toBe(2);
      const keychain = secretToolSearch(service);
      expect(server.issued.some((issued) => keychain.includes(issued))).toBe(false);
      expect((await summaryOf('oa')).oauth?.signInNeeded?.detail).toBe('signed out');
    });

    it('Given everything above, then no access or refresh token is in any file of the data folder or any output', () => {
      for (const { file, content } of readAllFiles(home)) {
        for (const issued of server.issued)
          expect(content.includes(issued), `${issued.slice(0, 8)}… in ${file}`).toBe(false);
      }
      for (const output of outputs) {
        for (const issued of server.issued) expect(output.stdout + output.stderr).not.toContain(issued);
      }
    });
  },
);
