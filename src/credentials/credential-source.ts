/**
 * The one credential seam: for a connection, what to add to an upstream request (credential
 * headers and query), whatever the kind — a keychain token, a token command's output, an OAuth
 * access token — rendered through the connection's header templates. The proxy, verification,
 * the health check, rotation and the app all ask here. Values are held in memory (the keychain is
 * read once per process; a command runs once per TTL; an OAuth token is refreshed when due), and
 * the seam is told when the upstream refused one (401) so it drops it and, where a new one can be
 * had without a person (a command, an OAuth refresh), says the request is worth sending again.
 */
import type { Clock } from '../clock.js';
import type { TokenVault } from '../keychain/token-vault.js';
import type { Connection } from '../store/schema.js';
import type { OAuthSessions } from './oauth/oauth-sessions.js';
import { runTokenCommand } from './token-command.js';
import { renderCredential, type UpstreamCredential } from './upstream-credential.js';

export interface CredentialSource {
  /** The hot path: the credential when it is in memory and fresh; never waits, never fails. */
  cached(connection: Connection): UpstreamCredential | undefined;
  /** The credential, from memory, the keychain, the command or an OAuth refresh. Throws a KeyportError. */
  get(connection: Connection): Promise<UpstreamCredential>;
  /**
   * The upstream answered 401 to a request sent with `used`. Drops it; resolves `retry` when a
   * new credential is ready without a person (the command ran again, the OAuth token was
   * refreshed), `final` when the stored token itself was refused. Throws SIGN_IN_NEEDED when the
   * OAuth sign-in has lapsed.
   */
  rejected(connection: Connection, used: UpstreamCredential): Promise<'retry' | 'final'>;
  /** The upstream answered 403 insufficient_scope: an OAuth connection remembers the scope for `keyport login`. */
  scopeChallenged(connection: Connection, scope: string): Promise<void>;
  /** Drop what is held in memory (one connection or all), e.g. after a rotation elsewhere. */
  invalidate(name?: string): void;
}

export interface CredentialSourceOptions {
  readonly vault: TokenVault;
  readonly oauth: OAuthSessions;
  readonly clock: Clock;
  readonly env?: NodeJS.ProcessEnv;
}

interface Rendered {
  readonly secret: string;
  readonly connection: Connection;
  readonly credential: UpstreamCredential;
}

interface CommandToken {
  readonly line: string;
  readonly token: string;
  readonly until: number;
}

export function createCredentialSource(options: CredentialSourceOptions): CredentialSource {
  const { vault, oauth, clock } = options;
  const rendered = new Map<string, Rendered>();
  const commandTokens = new Map<string, CommandToken>();
  const running = new Map<string, Promise<string>>();

  /** Rendered once per secret and connection snapshot (templates may change with the metadata). */
  const render = (connection: Connection, secret: string): UpstreamCredential => {
    const known = rendered.get(connection.name);
    if (known !== undefined && known.secret === secret && known.connection === connection) return known.credential;
    const credential = renderCredential(secret, connection);
    rendered.set(connection.name, { secret, connection, credential });
    return credential;
  };

  const cachedCommandToken = (connection: Connection): string | undefined => {
    const held = commandTokens.get(connection.name);
    if (held === undefined || held.line !== connection.command?.line || clock.now().getTime() >= held.until)
      return undefined;
    return held.token;
  };

  const runCommand = (connection: Connection): Promise<string> => {
    const command = connection.command!;
    const inflight = running.get(connection.name);
    if (inflight !== undefined) return inflight;
    const started = runTokenCommand(command, {
      connection: connection.name,
      ...(options.env ? { env: options.env } : {}),
    })
      .then((token) => {
        commandTokens.set(connection.name, {
          line: command.line,
          token,
          until: clock.now().getTime() + command.ttlSeconds * 1000,
        });
        return token;
      })
      .finally(() => running.delete(connection.name));
    running.set(connection.name, started);
    return started;
  };

  const cachedSecret = (connection: Connection): string | undefined => {
    switch (connection.kind) {
      case 'oauth':
        return oauth.cached(connection);
      case 'command':
        return cachedCommandToken(connection);
      default:
        return vault.cached(connection.name);
    }
  };

  return {
    cached(connection) {
      const secret = cachedSecret(connection);
      return secret === undefined ? undefined : render(connection, secret);
    },
    async get(connection) {
      let secret: string;
      if (connection.kind === 'oauth') secret = await oauth.get(connection);
      else if (connection.kind === 'command') secret = cachedCommandToken(connection) ?? (await runCommand(connection));
      else secret = await vault.get(connection.name);
      return render(connection, secret);
    },
    async rejected(connection, used) {
      if (connection.kind === 'oauth') {
        await oauth.rejected(connection, used.secret);
        return 'retry';
      }
      if (connection.kind === 'command') {
        if (commandTokens.get(connection.name)?.token === used.secret) commandTokens.delete(connection.name);
        return 'retry';
      }
      return 'final';
    },
    scopeChallenged: (connection, scope) => oauth.scopeChallenged(connection, scope),
    invalidate(name) {
      vault.invalidate(name);
      oauth.invalidate(name);
      if (name === undefined) {
        commandTokens.clear();
        rendered.clear();
      } else {
        commandTokens.delete(name);
        rendered.delete(name);
      }
    },
  };
}
