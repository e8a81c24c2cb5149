/**
 * What every new connection checks before anything is stored, whatever its credential (a token, a
 * command, an OAuth sign-in): name, URL, expiry, quota or account, CA, and that the name is free
 * (checked again under the metadata lock when the connection is inserted).
 */
import type { NewConnectionOptions } from '../contract/dto.js';
import { KeyportError } from '../errors.js';
import type { Connection, Metadata } from '../store/schema.js';
import { parseExpiry } from '../tokens/expiry.js';
import { validateResetDay } from '../tokens/quota-period.js';
import { validateCa } from './validate-ca.js';
import { validateName, validateQuotaLimit, validateUpstreamUrl } from './validate-input.js';
import { ownEntry } from '../store/own-entry.js';

export interface NewConnection {
  readonly name: string;
  readonly url: string;
  readonly now: Date;
  /** The fields every connection has, ready for the metadata. */
  readonly base: Pick<
    Connection,
    | 'name'
    | 'url'
    | 'createdAt'
    | 'tokenSetAt'
    | 'expiresAt'
    | 'quota'
    | 'account'
    | 'allowKeyless'
    | 'paused'
    | 'ca'
    | 'previous'
  >;
  /** Throws NAME_TAKEN (or NOT_FOUND for the account) against a metadata snapshot. */
  assertFree(current: Metadata): void;
}

export function requireAccount(metadata: Metadata, account: string): void {
  if (!ownEntry(metadata.accounts, account)) {
    throw new KeyportError(
      'NOT_FOUND',
      `No account named "${account}"; create it first with \`keyport account set ${account} --quota <calls> --reset-day <1-28>\`.`,
    );
  }
}

export function validateNewConnection(
  input: NewConnectionOptions & { readonly name: string; readonly url: string },
  now: Date,
): NewConnection {
  const name = validateName(input.name);
  const url = validateUpstreamUrl(input.url);
  const expiresAt = input.expires === undefined ? null : (parseExpiry(input.expires, now)?.toISOString() ?? null);
  const account = input.account === undefined ? null : validateName(input.account, 'account');
  if (account && input.quota !== undefined) {
    throw new KeyportError(
      'INVALID_INPUT',
      'Give either --quota (this token alone) or --account (a shared quota), not both.',
    );
  }
  if (input.resetDay !== undefined && input.quota === undefined) {
    throw new KeyportError('INVALID_INPUT', '--reset-day needs --quota (an account has its own reset day).');
  }
  const quota =
    input.quota === undefined
      ? null
      : { limit: validateQuotaLimit(input.quota), resetDay: validateResetDay(input.resetDay ?? 1) };
  const ca = input.ca === undefined ? null : validateCa(input.ca);
  return {
    name,
    url,
    now,
    base: {
      name,
      url,
      createdAt: now.toISOString(),
      tokenSetAt: now.toISOString(),
      expiresAt,
      quota,
      account,
      allowKeyless: input.allowKeyless ?? false,
      paused: false,
      ca,
      previous: null,
    },
    assertFree(current) {
      if (ownEntry(current.connections, name)) {
        throw new KeyportError(
          'NAME_TAKEN',
          `A connection named "${name}" already exists; choose another name, or use \`keyport rotate ${name}\` / \`keyport set ${name}\`.`,
        );
      }
      if (account) requireAccount(current, account);
    },
  };
}
