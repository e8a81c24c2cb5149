/**
 * Where an OAuth connection's pieces live. Secrets — the access token, the refresh token, the
 * client registration (id and secret) — only in the keychain, under this data folder's items
 * (`secretAccounts.oauth*`); times, scopes and the public discovery documents in metadata.json.
 * A refresh token is written before the access token that came with it, so a crash in between
 * never leaves an access token whose refresh token is lost.
 */
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { secretAccounts, type SecretStore } from '../../keychain/secret-store.js';
import type { OAuthState } from '../../store/credential-schema.js';

export interface OAuthSecrets {
  readonly access: string | null;
  readonly refresh: string | null;
  readonly client: OAuthClientInformationMixed | null;
}

/** Only what the token endpoint needs again: no redirect URIs, names or other registration metadata. */
const CLIENT_FIELDS = [
  'client_id',
  'client_secret',
  'client_id_issued_at',
  'client_secret_expires_at',
  'token_endpoint_auth_method',
  'issuer',
] as const;

function parseClient(text: string | null): OAuthClientInformationMixed | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as OAuthClientInformationMixed;
    return typeof value?.client_id === 'string' ? value : null;
  } catch {
    return null;
  }
}

export async function readOAuthSecrets(items: SecretStore, name: string): Promise<OAuthSecrets> {
  const [access, refresh, client] = await Promise.all([
    items.get(secretAccounts.oauthAccess(name)),
    items.get(secretAccounts.oauthRefresh(name)),
    items.get(secretAccounts.oauthClient(name)),
  ]);
  return { access, refresh, client: parseClient(client) };
}

/** Refresh token first (when it came), then the access token. */
export async function saveOAuthTokens(items: SecretStore, name: string, tokens: OAuthTokens): Promise<void> {
  if (tokens.refresh_token) await items.set(secretAccounts.oauthRefresh(name), tokens.refresh_token);
  await items.set(secretAccounts.oauthAccess(name), tokens.access_token);
}

export async function saveOAuthClient(
  items: SecretStore,
  name: string,
  client: OAuthClientInformationMixed,
): Promise<void> {
  const kept: Record<string, unknown> = {};
  for (const field of CLIENT_FIELDS) {
    const value = (client as Record<string, unknown>)[field];
    if (value !== undefined) kept[field] = value;
  }
  await items.set(secretAccounts.oauthClient(name), JSON.stringify(kept));
}

/** Forgets the tokens (sign out); the client registration stays for the next sign-in unless `client` is set. */
export async function deleteOAuthSecrets(
  items: SecretStore,
  name: string,
  options: { client: boolean },
): Promise<void> {
  await items.delete(secretAccounts.oauthAccess(name));
  await items.delete(secretAccounts.oauthRefresh(name));
  if (options.client) await items.delete(secretAccounts.oauthClient(name));
}

/** The metadata a token response sets. */
export function tokenTimes(
  tokens: OAuthTokens,
  now: Date,
  refreshLifetime: number | null,
): Pick<OAuthState, 'accessExpiresAt' | 'accessIssuedAt' | 'scope'> & { signInExpiresAt?: string | null } {
  const seconds = Number(tokens.expires_in);
  return {
    accessIssuedAt: now.toISOString(),
    accessExpiresAt:
      Number.isFinite(seconds) && seconds > 0 ? new Date(now.getTime() + seconds * 1000).toISOString() : null,
    scope: tokens.scope ?? null,
    ...(refreshLifetime !== null
      ? { signInExpiresAt: new Date(now.getTime() + refreshLifetime * 1000).toISOString() }
      : {}),
  };
}

/** Refresh at ~80 % of the access token's life. */
export const REFRESH_AT_SHARE = 0.8;

export interface AccessTimes {
  readonly issuedAtMs: number | null;
  readonly expiresAtMs: number | null;
}

export function accessTimes(state: Pick<OAuthState, 'accessIssuedAt' | 'accessExpiresAt'>): AccessTimes {
  return {
    issuedAtMs: state.accessIssuedAt === null ? null : Date.parse(state.accessIssuedAt),
    expiresAtMs: state.accessExpiresAt === null ? null : Date.parse(state.accessExpiresAt),
  };
}

/** When a refresh is due: 80 % into the token's life (or at expiry when its start is unknown). */
export function refreshDueAt(times: AccessTimes): number | null {
  if (times.expiresAtMs === null) return null;
  if (times.issuedAtMs === null || times.issuedAtMs >= times.expiresAtMs) return times.expiresAtMs;
  return times.issuedAtMs + (times.expiresAtMs - times.issuedAtMs) * REFRESH_AT_SHARE;
}
