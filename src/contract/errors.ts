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
