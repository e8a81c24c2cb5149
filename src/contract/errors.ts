/**
 * The error shape every face shares: the codes, and the plain serialisable form that crosses IPC
 * and lands in `--json` output. Every message names the problem and the fix; none holds a secret.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'INVALID_TOKEN',
  'INVALID_NAME',
  'INVALID_URL',
  'NAME_TAKEN',
  'NOT_FOUND',
  'KEYCHAIN_UNAVAILABLE',
  'KEYCHAIN_LOCKED',
  'KEYCHAIN_ITEM_MISSING',
  'METADATA_CORRUPT',
  'METADATA_LOCKED',
  'VERIFY_FAILED',
  'TOKEN_REJECTED',
  'TOKEN_EXPIRED',
  'UPSTREAM_UNREACHABLE',
  'UPSTREAM_TIMEOUT',
  'NO_ROLLBACK',
  'PORT_IN_USE',
  'CLIENT_CONFIG',
  /** A connection's token command failed, timed out or printed no usable token. */
  'TOKEN_COMMAND_FAILED',
  /** An OAuth connection must be signed in (again): `keyport login <name>`. */
  'SIGN_IN_NEEDED',
  /** The OAuth sign-in itself failed (discovery, registration, the browser step, the token exchange). */
  'SIGN_IN_FAILED',
  /** The upstream wants a scope the access token lacks (403 insufficient_scope). */
  'INSUFFICIENT_SCOPE',
  /** An IPC call from a frame that is not the app's own page. */
  'FORBIDDEN',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** A plain, serialisable error shape: what crosses IPC and lands in `--json` output. */
export interface ErrorInfo {
  readonly code: ErrorCode;
  readonly message: string;
}
