/**
 * OAuth access tokens in a running process (the proxy, the app, `check`): read from the keychain
 * once, refreshed at ~80 % of their life and once when the upstream answers 401. A refresh is
 * single-flight within the process (one for any number of concurrent requests) and across
 * processes (the CLI's `serve` and the app): it holds a lock file in the data folder and re-reads
 * the keychain under it, so a token another process refreshed meanwhile is used as it is. The
 * rotated refresh token is in the keychain before the new access token is used. A refresh the
 * server refuses makes the connection "sign-in needed" (metadata), which only `keyport login
 * <name>` (or the app's Sign in) clears: nothing here ever opens a browser.
 */
import path from 'node:path';
import lockfile from 'proper-lockfile';
import type { OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { Clock } from '../../clock.js';
import { KeyportError } from '../../errors.js';
import type { SecretStore } from '../../keychain/secret-store.js';
import type { Logger } from '../../logger.js';
import type { UpstreamClient } from '../../net/upstream-client.js';
import type { Connection } from '../../store/schema.js';
import type { MetadataStore } from '../../store/metadata-store.js';
import { createOAuthFetch } from './oauth-fetch.js';
import { createOAuthProvider, SignInNeededError, signInNeededError } from './oauth-provider.js';
import {
  accessTimes,
  readOAuthSecrets,
  refreshDueAt,
  saveOAuthTokens,
  tokenTimes,
  type AccessTimes,
} from './oauth-store.js';
import { isGrantRefused, oauthFailure, oneLine } from './sign-in-failure.js';
import { ownEntry } from '../../store/own-entry.js';

export interface OAuthSessions {
  /** The access token when it is in memory and not expired; starts a refresh in the background when one is due. */
  cached(connection: Connection): string | undefined;
  /** The access token, refreshed first when due. Throws SIGN_IN_NEEDED when only a new sign-in can help. */
  get(connection: Connection): Promise<string>;
  /** The upstream refused `used` (401): refresh unless that already happened; then get() has the new token. */
  rejected(connection: Connection, used: string): Promise<void>;
  /** The upstream wants more scope (403 insufficient_scope): remembered for the next `keyport login`. */
  scopeChallenged(connection: Connection, scope: string): Promise<void>;
  invalidate(name?: string): void;
}

export interface OAuthSessionsOptions {
  readonly items: SecretStore;
  readonly metadata: MetadataStore;
  readonly network: UpstreamClient;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly dataDir: string;
}

interface Session extends AccessTimes {
  readonly access: string;
  /** The connection's accessExpiresAt this token goes with (to notice another process's refresh). */
  readonly stamp: string | null;
}

const LOCK_OPTIONS = {
  realpath: false,
  stale: 30_000,
  retries: { retries: 120, factor: 1.2, minTimeout: 20, maxTimeout: 250 },
} as const;

/** Runs `work` holding the connection's refresh lock (login saves new tokens under it too). */
export async function withRefreshLock<T>(dataDir: string, name: string, work: () => Promise<T>): Promise<T> {
  const release = await lockfile.lock(path.join(dataDir, `oauth-refresh-${name}`), LOCK_OPTIONS);
  try {
    return await work();
  } finally {
    await release().catch(() => undefined);
  }
}

export function createOAuthSessions(options: OAuthSessionsOptions): OAuthSessions {
  const { items, metadata, clock, logger } = options;
  const sessions = new Map<string, Session>();
  const refreshing = new Map<string, Promise<void>>();
  let watching: (() => void) | undefined;

  const remember = (name: string, session: Session) => {
    sessions.set(name, session);
    // Another process's refresh or sign-in shows up as a new accessExpiresAt: drop ours then.
    watching ??= metadata.onChange((next) => {
      for (const [known, held] of sessions) {
        const oauth = ownEntry(next.connections, known)?.oauth;
        if (!oauth || oauth.accessExpiresAt !== held.stamp || oauth.signInNeeded) sessions.delete(known);
      }
    });
  };
  const now = () => clock.now().getTime();
  const isDue = (session: AccessTimes) => {
    const due = refreshDueAt(session);
    return due !== null && now() >= due;
  };
  const isExpired = (session: AccessTimes) => session.expiresAtMs !== null && now() >= session.expiresAtMs;

  const markSignInNeeded = async (name: string, detail: string) => {
    sessions.delete(name);
    await metadata
      .update((draft) => {
        const oauth = ownEntry(draft.connections, name)?.oauth;
        if (oauth && !oauth.signInNeeded) oauth.signInNeeded = { since: clock.now().toISOString(), detail };
      })
      .catch((error: unknown) =>
        logger.warn('Could not record that a sign-in is needed', { connection: name, error: String(error) }),
      );
  };

  /** One refresh under the cross-process lock; `replacing` is the access token we want a newer one than. */
  const refreshLocked = (name: string, replacing: string | null): Promise<void> =>
    withRefreshLock(options.dataDir, name, () => refreshHeld(name, replacing));

  const refreshHeld = async (name: string, replacing: string | null): Promise<void> => {
    const connection = ownEntry(metadata.read().connections, name);
    const oauth = connection?.oauth;
    const target = connection ? new URL(connection.url) : undefined;
    const oauthFetch = createOAuthFetch({ network: options.network, ca: connection?.ca ?? null });
    try {
      if (!connection || !oauth) {
        throw new KeyportError('NOT_FOUND', `No OAuth connection named "${name}"; \`keyport list\` shows the names.`);
      }
      if (oauth.signInNeeded) throw signInNeededError(name, oauth.signInNeeded.detail);
      const secrets = await readOAuthSecrets(items, name);
      const times = accessTimes(oauth);
      if (secrets.access !== null && secrets.access !== replacing && !isDue(times)) {
        // Another process refreshed while we waited for the lock.
        remember(name, { access: secrets.access, ...times, stamp: oauth.accessExpiresAt });
        return;
      }
      if (secrets.refresh === null)
        throw signInNeededError(name, 'no refresh token: the server gave none, or you signed out');
      const provider = createOAuthProvider({
        redirectUrl: null,
        connection: name,
        ...(secrets.client ? { client: secrets.client } : {}),
        tokens: {
          access_token: secrets.access ?? '',
          refresh_token: secrets.refresh,
          token_type: 'Bearer',
          ...(oauth.issuer ? { issuer: oauth.issuer } : {}),
        },
        ...(oauth.discovery ? { discovery: oauth.discovery as unknown as OAuthDiscoveryState } : {}),
        preRegistered: oauth.clientSource === 'pre-registered',
        persistence: {
          async saveTokens(tokens) {
            const at = clock.now();
            await saveOAuthTokens(items, name, tokens);
            const fields = tokenTimes(tokens, at, oauthFetch.refreshLifetime());
            await metadata.update((draft) => {
              const state = ownEntry(draft.connections, name)?.oauth;
              if (!state) return;
              Object.assign(state, fields, {
                scope: fields.scope ?? state.scope,
                issuer: tokens.issuer ?? state.issuer,
              });
            });
            remember(name, { access: tokens.access_token, ...accessTimes(fields), stamp: fields.accessExpiresAt });
          },
        },
      });
      // The SDK's client auth loads on the first refresh only: a proxy without OAuth never pays for it.
      const { auth } = await import('@modelcontextprotocol/sdk/client/auth.js');
      await auth(provider, { serverUrl: connection.url, fetchFn: oauthFetch.fetch });
      logger.info('Refreshed an OAuth access token', { connection: name });
    } catch (error) {
      if (error instanceof SignInNeededError) {
        await markSignInNeeded(name, error.detail);
        throw error;
      }
      if (isGrantRefused(error)) {
        const detail = `the authorization server refused the refresh: ${oneLine((error as Error).message) || 'invalid_grant'}`;
        await markSignInNeeded(name, detail);
        throw signInNeededError(name, detail);
      }
      throw oauthFailure(error, { where: target ? target.origin : name, host: target?.host ?? name });
    } finally {
      await oauthFetch.close();
    }
  };

  const refresh = (name: string, replacing: string | null): Promise<void> => {
    const running = refreshing.get(name);
    if (running !== undefined) return running;
    const started = refreshLocked(name, replacing).finally(() => refreshing.delete(name));
    refreshing.set(name, started);
    return started;
  };

  const load = async (connection: Connection): Promise<Session> => {
    const oauth = connection.oauth!;
    const known = sessions.get(connection.name);
    if (known !== undefined) return known;
    const secrets = await readOAuthSecrets(items, connection.name);
    if (secrets.access === null) throw signInNeededError(connection.name, 'not signed in');
    const session = { access: secrets.access, ...accessTimes(oauth), stamp: oauth.accessExpiresAt };
    remember(connection.name, session);
    return session;
  };

  const requireOAuth = (connection: Connection) => {
    const oauth = connection.oauth;
    if (!oauth) throw new KeyportError('INTERNAL', `Connection "${connection.name}" is not an OAuth connection.`);
    if (oauth.signInNeeded) throw signInNeededError(connection.name, oauth.signInNeeded.detail);
    return oauth;
  };

  return {
    cached(connection) {
      if (!connection.oauth || connection.oauth.signInNeeded) return undefined;
      const session = sessions.get(connection.name);
      if (session === undefined) return undefined;
      if (isDue(session) && !refreshing.has(connection.name)) {
        refresh(connection.name, session.access).catch((error: unknown) =>
          logger.warn('OAuth refresh failed', { connection: connection.name, code: (error as { code?: string }).code }),
        );
      }
      return isExpired(session) ? undefined : session.access;
    },
    async get(connection) {
      requireOAuth(connection);
      const session = await load(connection);
      if (!isDue(session)) return session.access;
      try {
        await refresh(connection.name, session.access);
      } catch (error) {
        // The server is unreachable for now: a token that has not expired yet is still good.
        if (!(error instanceof KeyportError && error.code === 'SIGN_IN_NEEDED') && !isExpired(session))
          return session.access;
        throw error;
      }
      return (sessions.get(connection.name) ?? (await load(connection))).access;
    },
    async rejected(connection, used) {
      requireOAuth(connection);
      const session = sessions.get(connection.name);
      if (session !== undefined && session.access !== used) return; // refreshed meanwhile
      sessions.delete(connection.name);
      await refresh(connection.name, used);
    },
    async scopeChallenged(connection, scope) {
      const oauth = connection.oauth;
      if (!oauth || oauth.moreScope === scope) return;
      await metadata
        .update((draft) => {
          const state = ownEntry(draft.connections, connection.name)?.oauth;
          if (state) state.moreScope = scope;
        })
        .catch((error: unknown) =>
          logger.warn('Could not record the scope the server asked for', { error: String(error) }),
        );
    },
    invalidate(name) {
      if (name === undefined) sessions.clear();
      else sessions.delete(name);
    },
  };
}
