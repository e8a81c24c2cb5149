/**
 * Typed errors for the whole core. Every message names the problem and the fix;
 * none ever contains a secret. Faces (CLI, IPC, proxy) map `code` to exit codes,
 * `{ ok: false, error }` results or HTTP statuses.
 */
import type { ErrorCode, ErrorInfo } from './contract/errors.js';

export { ERROR_CODES, type ErrorCode, type ErrorInfo } from './contract/errors.js';
export { assertNever } from './contract/assert-never.js';

export class KeyportError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeyportError';
    this.code = code;
  }

  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}

export function isKeyportError(value: unknown): value is KeyportError {
  return value instanceof KeyportError;
}

/** Any thrown value as an ErrorInfo; unknown errors keep only a generic message (they may carry secrets). */
export function toErrorInfo(value: unknown): ErrorInfo {
  if (isKeyportError(value)) return value.toInfo();
  return { code: 'INTERNAL', message: 'Unexpected internal error; run `keyport doctor` and report it if it persists.' };
}
