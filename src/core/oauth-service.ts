/**
 * OAuth connections: `keyport add --oauth` (and the app's "Sign in with OAuth"), `keyport login`
 * and `keyport logout`. A person is present for each, so a 403 insufficient_scope during the
 * verification is answered by signing in again for the union of the granted and the challenged
 * scopes — at most twice. Secrets go to the keychain (oauth-store.ts), the rest to metadata; a
 * failure stores nothing (add) or leaves the old sign-in as it was (login).
 */
import type { OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { AddOAuthInput, TokenSummary, VerifyResult } from '../contract/dto.js';
import { clientMetadataUrl } from '../credentials/oauth/client-metadata-document.js';
import { createOAuthFetch } from '../credentials/oauth/oauth-fetch.js';
import { withRefreshLock } from '../credentials/oauth/oauth-sessions.js';
import {
  deleteOAuthSecrets,
  readOAuthSecrets,
  saveOAuthClient,
  saveOAuthTokens,
  tokenTimes,
} from '../credentials/oauth/oauth-store.js';
import type { BrowserOpener } from '../credentials/oauth/open-browser.js';
import { revokeTokens } from '../credentials/oauth/revoke.js';
import { signIn, type SignInResult } from '../credentials/oauth/sign-in.js';
import { unionScopes } from '../credentials/scope-challenge.js';
import { BEARER_SHAPE, renderCredential } from '../credentials/upstream-credential.js';
import { KeyportError } from '../errors.js';
import type { OAuthState } from '../store/credential-schema.js';
import type { Connection } from '../store/schema.js';
import type { CoreContext } from './context.js';
import { lazyVerifyUpstream } from './lazy-verify-upstream.js';
import { validateNewConnection } from './new-connection.js';
import { summarizeConnection } from './token-summary.js';
import type { UpstreamVerifier } from './verify-upstream.js';
import { ownEntry } from '../store/own-entry.js';

/** How a sign-in reaches the person. */
export interface SignInHooks {
  /** Opens the browser (never waits); null with --no-browser. */
  readonly openBrowser: BrowserOpener | null;
  /** Shows the authorization URL (printed always). */
  readonly showUrl: (url: string) => void;
  readonly onVerified?: (result: VerifyResult) => void;
  /** Told when the server wanted more scope and the sign-in starts again for `scope`. */
  readonly onStepUp?: (scope: string) => void;
}

export interface OAuthService {
  add(input: AddOAuthInput, hooks: SignInHooks): Promise<TokenSummary>;
  login(name: string, hooks: SignInHooks): Promise<TokenSummary>;
  /** Revokes where the server supports it (RFC 7009) and forgets the tokens. */
  logout(name: string): Promise<{ readonly revoked: 'revoked' | 'unsupported' | 'failed' }>;
}

/** At most this many extra sign-ins for more scope while a person is present. */
export const MAX_STEP_UPS = 2;

const OAUTH_MASK = 'OAuth';

function requireOAuth(connection: Connection | undefined, name: string): Connection & { oauth: OAuthState } {
  if (!connection)
    throw new KeyportError('NOT_FOUND', `No connection named "${name}"; \`keyport list\` shows the names.`);
  if (!connection.oauth) {
    throw new KeyportError(
      'INVALID_INPUT',
      `"${name}" does not sign in with OAuth; its token changes with \`keyport rotate ${name}\`.`,
    );
  }
  return connection as Connection & { oauth: OAuthState };
}

export function createOAuthService(
  context: CoreContext,
  options: { readonly verifier?: UpstreamVerifier; readonly verifyTimeoutMs?: number } = {},
): OAuthService {
  const { metadata, usage, vault, clock } = context;
  const verifier = options.verifier ?? lazyVerifyUpstream;
  const cimd = clientMetadataUrl(context.env);

  /** Signs in, verifies, and signs in again for more scope when the server asks (at most twice). */
  const signInVerified = async (
    base: { name: string; url: string; ca: string | null; scope?: string; result?: Partial<SignInResult> },
    hooks: SignInHooks,
  ): Promise<{ result: SignInResult; verified: VerifyResult }> => {
    let scope = base.scope;
    let previous = base.result;
    for (let attempt = 0; ; attempt += 1) {
      const result = await signIn({
        connection: base.name,
        url: base.url,
        network: context.network,
        ca: base.ca,
        ...(scope ? { scope } : {}),
        ...(previous?.client ? { client: previous.client } : {}),
        ...(previous?.clientSource ? { clientSource: previous.clientSource } : {}),
        ...(previous?.discovery ? { discovery: previous.discovery } : {}),
        ...(cimd === undefined ? {} : { clientMetadataUrl: cimd }),
        openBrowser: hooks.openBrowser,
        showUrl: hooks.showUrl,
      });
      try {
        const verified = await verifier({
          url: base.url,
          credential: renderCredential(result.tokens.access_token, BEARER_SHAPE),
          network: context.network,
          ca: base.ca,
          ...(options.verifyTimeoutMs ? { timeoutMs: options.verifyTimeoutMs } : {}),
        });
        hooks.onVerified?.(verified);
        return { result, verified };
      } catch (error) {
        if (!(error instanceof KeyportError && error.code === 'INSUFFICIENT_SCOPE') || attempt >= MAX_STEP_UPS)
          throw error;
        scope = unionScopes(result.tokens.scope ?? result.requestedScope, (error as { scope?: string }).scope);
        previous = result;
        hooks.onStepUp?.(scope);
      }
    }
  };

  const oauthState = (result: SignInResult, at: Date): OAuthState => ({
    requestedScope: result.requestedScope,
    signedInAt: at.toISOString(),
    signInExpiresAt: null,
    ...tokenTimes(result.tokens, at, result.refreshLifetime),
    scope: result.tokens.scope ?? result.requestedScope,
    signInNeeded: null,
    moreScope: null,
    clientSource: result.clientSource,
    issuer: result.tokens.issuer ?? null,
    discovery: (result.discovery as unknown as Record<string, unknown> | undefined) ?? null,
  });

  const summary = (name: string) => {
    const current = metadata.read();
    return summarizeConnection(ownEntry(current.connections, name)!, current, usage.read(), clock.now());
  };

  const recordHealth = async (name: string, verified: VerifyResult) => {
    await usage
      .apply({
        connections: {
          [name]: { health: { state: 'ok', checkedAt: clock.now().toISOString(), detail: verified.serverName } },
        },
      })
      .catch(() => undefined);
  };

  return {
    async add(input, hooks) {
      const fresh = validateNewConnection(input, clock.now());
      const { name, url } = fresh;
      fresh.assertFree(metadata.read());
      const preRegistered =
        input.clientId === undefined
          ? undefined
          : {
              client: {
                client_id: input.clientId.trim(),
                ...(input.clientSecret?.trim() ? { client_secret: input.clientSecret.trim() } : {}),
              },
              clientSource: 'pre-registered' as const,
            };
      if (preRegistered && preRegistered.client.client_id === '') {
        throw new KeyportError('INVALID_INPUT', '--client-id is empty; give the id the provider registered for you.');
      }
      const { result, verified } = await signInVerified(
        {
          name,
          url,
          ca: fresh.base.ca,
          ...(input.scope ? { scope: input.scope } : {}),
          ...(preRegistered ? { result: preRegistered } : {}),
        },
        hooks,
      );
      const at = clock.now();
      let stored = false;
      try {
        await metadata.update(async (draft) => {
          fresh.assertFree(draft);
          stored = true;
          await saveOAuthClient(vault.items, name, result.client);
          await saveOAuthTokens(vault.items, name, result.tokens);
          draft.connections[name] = {
            ...fresh.base,
            provider: new URL(url).hostname,
            kind: 'oauth',
            masked: OAUTH_MASK,
            headers: null,
            queryParam: null,
            command: null,
            oauth: oauthState(result, at),
          };
        });
      } catch (error) {
        if (stored) await deleteOAuthSecrets(vault.items, name, { client: true }).catch(() => undefined);
        throw error;
      }
      await recordHealth(name, verified);
      return summary(name);
    },

    async login(name, hooks) {
      const connection = requireOAuth(ownEntry(metadata.read().connections, name), name);
      const { oauth } = connection;
      const secrets = await readOAuthSecrets(vault.items, name);
      const scope = unionScopes(oauth.requestedScope, oauth.scope, oauth.moreScope) || undefined;
      const { result, verified } = await signInVerified(
        {
          name,
          url: connection.url,
          ca: connection.ca,
          ...(scope ? { scope } : {}),
          result: {
            ...(secrets.client ? { client: secrets.client } : {}),
            clientSource: oauth.clientSource,
            ...(oauth.discovery ? { discovery: oauth.discovery as unknown as OAuthDiscoveryState } : {}),
          },
        },
        hooks,
      );
      const at = clock.now();
      // Under the refresh lock: a proxy refreshing right now re-reads the keychain and finds these tokens.
      await withRefreshLock(context.dataDir, name, async () => {
        await saveOAuthClient(vault.items, name, result.client);
        await saveOAuthTokens(vault.items, name, result.tokens);
        await metadata.update((draft) => {
          const target = ownEntry(draft.connections, name);
          if (target) target.oauth = oauthState(result, at);
        });
      });
      context.credentials.invalidate(name);
      await recordHealth(name, verified);
      return summary(name);
    },

    async logout(name) {
      const connection = requireOAuth(ownEntry(metadata.read().connections, name), name);
      const secrets = await readOAuthSecrets(vault.items, name);
      const discovery = connection.oauth.discovery as { authorizationServerMetadata?: Record<string, unknown> } | null;
      const oauthFetch = createOAuthFetch({ network: context.network, ca: connection.ca });
      let revoked: 'revoked' | 'unsupported' | 'failed';
      try {
        revoked = await revokeTokens({
          metadata: discovery?.authorizationServerMetadata,
          client: secrets.client,
          tokens: [
            ...(secrets.refresh ? [{ token: secrets.refresh, hint: 'refresh_token' as const }] : []),
            ...(secrets.access ? [{ token: secrets.access, hint: 'access_token' as const }] : []),
          ],
          fetch: oauthFetch.fetch,
        });
      } finally {
        await oauthFetch.close();
      }
      await withRefreshLock(context.dataDir, name, async () => {
        await deleteOAuthSecrets(vault.items, name, { client: false });
        await metadata.update((draft) => {
          const oauth = ownEntry(draft.connections, name)?.oauth;
          if (!oauth) return;
          oauth.accessExpiresAt = null;
          oauth.accessIssuedAt = null;
          oauth.signInNeeded = { since: clock.now().toISOString(), detail: 'signed out' };
        });
      });
      context.credentials.invalidate(name);
      return { revoked };
    },
  };
}
