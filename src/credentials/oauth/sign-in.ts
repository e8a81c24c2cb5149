/**
 * One interactive OAuth sign-in, on the MCP SDK's `auth()` (MCP authorization 2025-11-25):
 * protected-resource metadata (RFC 9728: `resource_metadata` from the server's WWW-Authenticate,
 * else the path-based well-known URL, else the root), authorization-server metadata (RFC 8414,
 * else OpenID configuration, path-aware), the client (pre-registered, else Keyport's Client ID
 * Metadata Document where the server supports it, else RFC 7591 registration), authorization code
 * with PKCE S256 and the RFC 8707 resource indicator, scope (asked, else the server's challenge,
 * else its scopes_supported, else none), the token endpoint's auth method. The redirect goes to a
 * loopback listener (loopback-callback.ts) whose `state` check guards the code. Every request
 * goes through the process's upstream client (proxies, CAs). Nothing is stored here: the caller
 * keeps the result (add: with the new connection; login: over the old sign-in).
 */
import { auth, extractWWWAuthenticateParams, type OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { KeyportError } from '../../errors.js';
import type { UpstreamClient } from '../../net/upstream-client.js';
import type { OAuthClientSource } from '../../store/credential-schema.js';
import { startLoopbackCallback } from './loopback-callback.js';
import { createOAuthFetch } from './oauth-fetch.js';
import { createOAuthProvider } from './oauth-provider.js';
import type { BrowserOpener } from './open-browser.js';
import { oauthFailure } from './sign-in-failure.js';

export interface SignInOptions {
  readonly connection: string;
  readonly url: string;
  readonly network: UpstreamClient;
  readonly ca: string | null;
  /** The scope to ask for; undefined lets the server's challenge or scopes_supported decide. */
  readonly scope?: string;
  /** A pre-registered client, or the registration an earlier sign-in made. */
  readonly client?: OAuthClientInformationMixed;
  readonly clientSource?: OAuthClientSource;
  readonly discovery?: OAuthDiscoveryState;
  readonly clientMetadataUrl?: string;
  /** Opens the browser (never waits for it); null with --no-browser. */
  readonly openBrowser: BrowserOpener | null;
  /** Shows the authorization URL (always: the browser may not be where the person is). */
  readonly showUrl: (url: string) => void;
  readonly timeoutMs?: number;
}

export interface SignInResult {
  readonly tokens: OAuthTokens;
  readonly client: OAuthClientInformationMixed;
  readonly clientSource: OAuthClientSource;
  readonly discovery: OAuthDiscoveryState | undefined;
  /** What was asked for (the scope in the authorization request), when anything was. */
  readonly requestedScope: string | null;
  /** The refresh token's lifetime in seconds when the server said (refresh_token_expires_in). */
  readonly refreshLifetime: number | null;
}

const PROBE_BODY = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'keyport-sign-in', version: '1' } },
});

/** What an unauthenticated MCP request learns from the server's 401 (RFC 9728 §5.1, scope). */
async function probeChallenge(
  fetch: (input: string | URL, init?: RequestInit) => Promise<Response>,
  url: string,
): Promise<{ resourceMetadataUrl?: URL; scope?: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: PROBE_BODY,
  });
  await response.body?.cancel().catch(() => undefined);
  if (response.status !== 401) return {};
  const { resourceMetadataUrl, scope } = extractWWWAuthenticateParams(response);
  return { ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}), ...(scope ? { scope } : {}) };
}

export async function signIn(options: SignInOptions): Promise<SignInResult> {
  const target = new URL(options.url);
  const where = `${target.origin}${target.pathname}`;
  const secrets = [options.client?.client_secret ?? ''];
  const callback = await startLoopbackCallback(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {});
  const oauthFetch = createOAuthFetch({ network: options.network, ca: options.ca });
  try {
    const challenge = await probeChallenge(oauthFetch.fetch, options.url);
    const scope = options.scope ?? challenge.scope;
    let authorizationUrl: URL | undefined;
    const provider = createOAuthProvider({
      redirectUrl: callback.redirectUrl,
      connection: options.connection,
      ...(scope ? { scope } : {}),
      ...(options.clientMetadataUrl ? { clientMetadataUrl: options.clientMetadataUrl } : {}),
      ...(options.client ? { client: options.client } : {}),
      ...(options.discovery ? { discovery: options.discovery } : {}),
      preRegistered: options.clientSource === 'pre-registered',
      onAuthorizationUrl: (url) => {
        authorizationUrl = url;
        options.showUrl(url.href);
        options.openBrowser?.(url.href);
      },
    });
    const code = callback.waitForCode(() => provider.expectedState);
    code.catch(() => undefined);
    const common = {
      serverUrl: options.url,
      fetchFn: oauthFetch.fetch,
      ...(scope ? { scope } : {}),
      ...(challenge.resourceMetadataUrl ? { resourceMetadataUrl: challenge.resourceMetadataUrl } : {}),
    };
    const first = await auth(provider, common);
    if (first !== 'REDIRECT') throw new KeyportError('SIGN_IN_FAILED', `${where} signed in without a browser step.`);
    await auth(provider, { ...common, authorizationCode: await code });
    const tokens = provider.currentTokens;
    const client = provider.currentClient;
    if (tokens === undefined || client === undefined) {
      throw new KeyportError('SIGN_IN_FAILED', `${where}: the authorization server returned no tokens; sign in again.`);
    }
    const clientSource: OAuthClientSource =
      options.clientSource === 'pre-registered'
        ? 'pre-registered'
        : client.client_id === options.clientMetadataUrl
          ? 'metadata-document'
          : 'dynamic';
    return {
      tokens,
      client,
      clientSource,
      discovery: provider.currentDiscovery,
      requestedScope: authorizationUrl?.searchParams.get('scope') ?? null,
      refreshLifetime: oauthFetch.refreshLifetime(),
    };
  } catch (error) {
    throw oauthFailure(error, { where, host: target.host, secrets });
  } finally {
    await callback.close();
    await oauthFetch.close();
  }
}
