/**
 * Keyport's OAuthClientProvider for the MCP SDK's `auth()`: it holds one connection's client
 * registration, tokens, PKCE verifier, `state` and discovery state, hands what `auth()` saves to
 * the caller's persistence (the keychain for secrets, metadata for the rest — oauth-store.ts), and
 * either sends the person to the authorization URL (interactive: `add`, `login`) or, in the proxy
 * and the health check, refuses to: there a sign-in that would need a browser is "sign-in needed".
 */
import { randomBytes } from 'node:crypto';
import type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { KeyportError } from '../../errors.js';

/** What `auth()` saves, handed to whoever keeps it. */
export interface OAuthPersistence {
  saveTokens(tokens: OAuthTokens): Promise<void>;
  saveClient(client: OAuthClientInformationMixed): Promise<void>;
  saveDiscovery(state: OAuthDiscoveryState): Promise<void>;
}

export interface OAuthProviderOptions {
  /** The loopback callback URL of this sign-in; null when no person is present (refresh). */
  readonly redirectUrl: string | null;
  /** For messages: the connection's name (or the name being added). */
  readonly connection: string;
  /** The scope to ask for when nothing better is known (`--scope`). */
  readonly scope?: string;
  /** Keyport's Client ID Metadata Document URL, used where the server supports it. */
  readonly clientMetadataUrl?: string;
  readonly client?: OAuthClientInformationMixed;
  readonly tokens?: OAuthTokens;
  readonly discovery?: OAuthDiscoveryState;
  /** Whether `client` was registered by hand (never dropped or replaced by a new registration). */
  readonly preRegistered?: boolean;
  /** Interactive only: show and open the authorization URL (must not wait for the browser). */
  readonly onAuthorizationUrl?: (url: URL) => void;
  readonly persistence?: Partial<OAuthPersistence>;
}

export interface KeyportOAuthProvider extends OAuthClientProvider {
  /** The `state` sent with the last authorization request (checked on the callback). */
  readonly expectedState: string | undefined;
  readonly currentTokens: OAuthTokens | undefined;
  readonly currentClient: OAuthClientInformationMixed | undefined;
  readonly currentDiscovery: OAuthDiscoveryState | undefined;
}

/** Used as the redirect URL when no person is present: the flow never gets as far as using it. */
const UNATTENDED_REDIRECT = 'http://127.0.0.1/callback';

/** SIGN_IN_NEEDED, with the reason on its own for the connection's sign-in state. */
export class SignInNeededError extends KeyportError {
  constructor(
    connection: string,
    readonly detail: string,
  ) {
    super(
      'SIGN_IN_NEEDED',
      `Connection "${connection}" needs you to sign in again (${detail}): run \`keyport login ${connection}\`.`,
    );
  }
}

export function signInNeededError(connection: string, detail: string): SignInNeededError {
  return new SignInNeededError(connection, detail);
}

export function createOAuthProvider(options: OAuthProviderOptions): KeyportOAuthProvider {
  let client = options.client;
  let tokens = options.tokens;
  let discovery = options.discovery;
  let verifier: string | undefined;
  let state: string | undefined;
  /** Set when auth() dropped the tokens: the server refused the refresh token (invalid_grant). */
  let refused = false;
  const redirectUrl = options.redirectUrl ?? UNATTENDED_REDIRECT;
  const metadata: OAuthClientMetadata = {
    client_name: 'Keyport',
    redirect_uris: [redirectUrl],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    // A desktop app cannot keep a secret: it registers as a public client (PKCE protects the code).
    token_endpoint_auth_method: 'none',
    ...(options.scope ? { scope: options.scope } : {}),
  };

  return {
    get redirectUrl() {
      return redirectUrl;
    },
    get clientMetadata() {
      return metadata;
    },
    ...(options.clientMetadataUrl && !options.preRegistered ? { clientMetadataUrl: options.clientMetadataUrl } : {}),
    get expectedState() {
      return state;
    },
    get currentTokens() {
      return tokens;
    },
    get currentClient() {
      return client;
    },
    get currentDiscovery() {
      return discovery;
    },
    state() {
      state = randomBytes(32).toString('base64url');
      return state;
    },
    clientInformation: () => client,
    async saveClientInformation(information) {
      await options.persistence?.saveClient?.(information);
      client = information;
    },
    tokens: () => tokens,
    async saveTokens(next) {
      // Saved (the keychain, for a refresh) before anyone can use the new access token.
      await options.persistence?.saveTokens?.(next);
      tokens = next;
    },
    redirectToAuthorization(url) {
      if (options.onAuthorizationUrl === undefined || options.redirectUrl === null) {
        throw signInNeededError(
          options.connection,
          refused
            ? 'the authorization server no longer accepts the refresh token'
            : 'the authorization server wants a new sign-in',
        );
      }
      options.onAuthorizationUrl(url);
    },
    saveCodeVerifier(value) {
      verifier = value;
    },
    codeVerifier() {
      if (verifier === undefined)
        throw new KeyportError('SIGN_IN_FAILED', 'The sign-in lost its PKCE verifier; sign in again.');
      return verifier;
    },
    invalidateCredentials(scope) {
      // Only this attempt's memory: what the keychain holds changes only through saveTokens/saveClient.
      if (scope === 'all' || scope === 'tokens') {
        refused = tokens !== undefined;
        tokens = undefined;
      }
      // With no person present a new registration could lead nowhere: the client is kept.
      const canRegister = !options.preRegistered && options.redirectUrl !== null;
      if ((scope === 'all' || scope === 'client') && canRegister) client = undefined;
      if (scope === 'all' || scope === 'verifier') verifier = undefined;
      if (scope === 'all' || scope === 'discovery') discovery = undefined;
    },
    discoveryState: () => discovery,
    async saveDiscoveryState(next) {
      await options.persistence?.saveDiscovery?.(next);
      discovery = next;
    },
  };
}
