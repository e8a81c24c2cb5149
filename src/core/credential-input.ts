/**
 * The credential parts of `add` and `set` input, checked once for every face (CLI, IPC): header
 * templates, the query parameter and the token command. Messages name the flag and the fix.
 */
import type { HeaderTemplateDto } from '../contract/dto.js';
import { parseHeaderTemplate, validateCredentialShape, validateQueryParam } from '../credentials/header-templates.js';
import { DEFAULT_TOKEN_TTL_SECONDS, validateTokenCommand } from '../credentials/token-command.js';
import type { CredentialShape } from '../credentials/upstream-credential.js';
import { KeyportError } from '../errors.js';
import type { HeaderTemplate, TokenCommand } from '../store/credential-schema.js';

/** Header templates as they arrive (IPC objects), checked like `--header 'Name: template'`. */
export function validateHeaders(headers: readonly HeaderTemplateDto[] | null | undefined): HeaderTemplate[] | null {
  if (headers === undefined || headers === null) return null;
  return headers.map((header) => parseHeaderTemplate(`${header.name}: ${header.template}`));
}

export function validateShape(input: {
  readonly headers?: readonly HeaderTemplateDto[] | null;
  readonly queryParam?: string | null;
}): CredentialShape {
  const queryParam =
    input.queryParam === undefined || input.queryParam === null ? null : validateQueryParam(input.queryParam);
  // With only a query parameter given, the token goes there alone (no default Authorization header).
  const headers = validateHeaders(input.headers) ?? (queryParam === null ? null : []);
  validateCredentialShape(headers, queryParam);
  return { headers, queryParam };
}

export function validateTtl(seconds: number | undefined): number {
  if (seconds === undefined) return DEFAULT_TOKEN_TTL_SECONDS;
  if (!Number.isSafeInteger(seconds) || seconds <= 0 || seconds > 86_400) {
    throw new KeyportError('INVALID_INPUT', `--token-ttl must be between 1 second and 24 hours, not ${seconds}.`);
  }
  return seconds;
}

/** The token command of an `add`, or null for a stored token (one of the two, never both). */
export function commandOf(input: {
  readonly token?: string;
  readonly tokenCommand?: string;
  readonly tokenTtlSeconds?: number;
}): TokenCommand | null {
  if (input.tokenCommand === undefined) {
    if (input.tokenTtlSeconds !== undefined) {
      throw new KeyportError('INVALID_INPUT', '--token-ttl goes with --token-command.');
    }
    return null;
  }
  if (input.token !== undefined && input.token.trim() !== '') {
    throw new KeyportError('INVALID_INPUT', 'Give either a token or --token-command, not both.');
  }
  return validateTokenCommand(input.tokenCommand, validateTtl(input.tokenTtlSeconds));
}
