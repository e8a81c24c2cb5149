/**
 * The proxy's answer when a connection's credential cannot be had: sign-in needed (401, naming
 * `keyport login <name>`), a token command that failed (502, with what it said), the keychain
 * (503), an authorization server that cannot be reached during a refresh (502/504). And the
 * answer when the upstream refused the credential it was sent. Messages never hold a secret.
 */
import { isKeyportError } from '../errors.js';
import type { Connection } from '../store/schema.js';
import type { JsonRpcErrorOptions } from './jsonrpc-error.js';

export function credentialFailure(error: unknown, name: string): JsonRpcErrorOptions {
  const code = isKeyportError(error) ? error.code : 'INTERNAL';
  const message = isKeyportError(error) ? error.message : 'The keychain is unavailable.';
  switch (code) {
    case 'SIGN_IN_NEEDED':
      return { failure: 'SIGN_IN_NEEDED', connection: name, message };
    case 'TOKEN_COMMAND_FAILED':
      return { failure: 'CREDENTIAL_UNAVAILABLE', connection: name, message };
    case 'UPSTREAM_UNREACHABLE':
    case 'SIGN_IN_FAILED':
      return { failure: 'UPSTREAM_UNREACHABLE', connection: name, message: `Connection "${name}": ${message}` };
    case 'UPSTREAM_TIMEOUT':
      return { failure: 'UPSTREAM_TIMEOUT', connection: name, message: `Connection "${name}": ${message}` };
    default:
      return { failure: 'KEYCHAIN_UNAVAILABLE', connection: name, message };
  }
}

/** The upstream refused what it was sent (after the one retry a command or OAuth connection gets). */
export function credentialRejected(connection: Connection, status: number): JsonRpcErrorOptions {
  const name = connection.name;
  const base = `The upstream of connection "${name}" rejected`;
  const message =
    connection.kind === 'oauth'
      ? `${base} its access token (HTTP ${status}) even after a refresh; sign in again with \`keyport login ${name}\`.`
      : connection.kind === 'command'
        ? `${base} the token its command printed (HTTP ${status}), also when run again; check the command with \`keyport check ${name}\`.`
        : `${base} its token (HTTP ${status}); it may be revoked or expired. Store a new token with \`keyport rotate ${name}\`.`;
  return { failure: 'TOKEN_REJECTED', status, connection: name, message };
}

/** The upstream wants a scope the OAuth sign-in lacks (403 insufficient_scope). */
export function scopeNeeded(name: string, scope: string): JsonRpcErrorOptions {
  return {
    failure: 'INSUFFICIENT_SCOPE',
    connection: name,
    message:
      `Connection "${name}" needs more access${scope ? ` (scope ${scope})` : ''}: ` +
      `run \`keyport login ${name}\` to sign in again asking for it.`,
  };
}
