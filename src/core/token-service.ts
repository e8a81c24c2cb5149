/**
 * The token operations every face uses (CLI, IPC, tray). Keychain first, metadata second, and
 * each failure undoes what was already written: a failed keychain write leaves no metadata; a
 * failed metadata write restores the keychain. Tokens are never logged or put in a message.
 */
import type { AddTokenInput, TokenSummary, UpdateTokenInput, VerifyResult } from '../contract/dto.js';
import { KeyportError } from '../errors.js';
import type { Connection, Metadata } from '../store/schema.js';
import { removeToolListCache } from '../store/tool-list-cache.js';
import { parseExpiry } from '../tokens/expiry.js';
import { maskToken } from '../tokens/mask-token.js';
import { validateResetDay } from '../tokens/quota-period.js';
import { detectTokenFormat, providerFor } from '../tokens/token-formats.js';
import { validateToken } from '../tokens/validate-token.js';
import type { CoreContext } from './context.js';
import { lazyVerifyUpstream } from './lazy-verify-upstream.js';
import { summarizeAll, summarizeConnection } from './token-summary.js';
import { createTokenRotation, type TokenRotation, type VerifyTarget } from './token-rotation.js';
import { validateCa } from './validate-ca.js';
import { validateName, validateQuotaLimit, validateUpstreamUrl } from './validate-input.js';
import type { UpstreamVerifier } from './verify-upstream.js';

export type TestTokenInput = { readonly url: string; readonly token: string } | { readonly name: string };

export interface OperationHooks {
  /** Told what the upstream answered when the token was verified (e.g. to print the server name). */
  readonly onVerified?: (result: VerifyResult) => void;
}

export interface TokenServiceOptions {
  readonly verifier?: UpstreamVerifier;
  readonly verifyTimeoutMs?: number;
}

export interface TokenService extends TokenRotation {
  list(): Promise<TokenSummary[]>;
  get(name: string): Promise<TokenSummary>;
  add(input: AddTokenInput, hooks?: OperationHooks): Promise<TokenSummary>;
  /** Verify a token before saving it, or a saved connection (and record its health). */
  test(input: TestTokenInput): Promise<VerifyResult>;
  update(input: UpdateTokenInput): Promise<TokenSummary>;
  remove(name: string): Promise<void>;
  setPaused(name: string, paused: boolean): Promise<TokenSummary>;
}

export function requireConnection(metadata: Metadata, name: string): Connection {
  const connection = metadata.connections[name];
  if (!connection) {
    throw new KeyportError('NOT_FOUND', `No connection named "${name}"; \`keyport list\` shows the names.`);
  }
  return connection;
}

function requireAccount(metadata: Metadata, account: string): void {
  if (!metadata.accounts[account]) {
    throw new KeyportError(
      'NOT_FOUND',
      `No account named "${account}"; create it first with \`keyport account set ${account} --quota <calls> --reset-day <1-28>\`.`,
    );
  }
}

export function createTokenService(context: CoreContext, options: TokenServiceOptions = {}): TokenService {
  const { metadata, usage, vault, clock, logger } = context;
  const verifier: UpstreamVerifier = options.verifier ?? lazyVerifyUpstream;
  const verify = (target: VerifyTarget, token: string) =>
    verifier({
      url: target.url,
      token,
      network: context.network,
      ca: target.ca,
      ...(target.name === undefined ? {} : { connection: target.name }),
      ...(options.verifyTimeoutMs ? { timeoutMs: options.verifyTimeoutMs } : {}),
    });
  const summary = (name: string): TokenSummary => {
    const current = metadata.read();
    return summarizeConnection(requireConnection(current, name), current, usage.read(), clock.now());
  };
  const rotation = createTokenRotation({ context, verify, summary });
  /** Names being added in this process: a second add of one name must not overwrite, then delete, its token. */
  const adding = new Set<string>();

  const recordHealth = async (name: string, state: 'ok' | 'rejected' | 'unreachable', detail: string) => {
    await usage
      .apply({ connections: { [name]: { health: { state, checkedAt: clock.now().toISOString(), detail } } } })
      .catch((error: unknown) => logger.warn('Could not record the health check', { name, error: String(error) }));
  };

  return {
    ...rotation,
    async list() {
      await rotation.purgeExpiredRollbacks();
      return summarizeAll(metadata.read(), usage.read(), clock.now());
    },
    get: async (name) => summary(name),

    async add(input, hooks) {
      const name = validateName(input.name);
      const url = validateUpstreamUrl(input.url);
      const token = validateToken(input.token);
      const now = clock.now();
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
      const existing = metadata.read();
      const assertFree = (current: Metadata) => {
        if (current.connections[name]) {
          throw new KeyportError(
            'NAME_TAKEN',
            `A connection named "${name}" already exists; choose another name, or use \`keyport rotate ${name}\` / \`keyport set ${name}\`.`,
          );
        }
        if (account) requireAccount(current, account);
      };
      assertFree(existing);
      if (adding.has(name)) {
        throw new KeyportError('NAME_TAKEN', `A connection named "${name}" is being added already; wait for it.`);
      }
      adding.add(name);
      let verified: VerifyResult | null = null;
      try {
        if (input.verify !== false) {
          verified = await verify({ url, ca }, token);
          hooks?.onVerified?.(verified);
        }
        const format = detectTokenFormat(token);
        // The name check, the keychain write and the insert share the metadata lock, so a second
        // process adding the same name waits, then fails the check before it touches the keychain.
        let stored = false;
        try {
          await metadata.update(async (draft) => {
            assertFree(draft);
            await vault.set(name, token);
            stored = true;
            draft.connections[name] = {
              name,
              url,
              provider: providerFor(format, url),
              kind: format.kind,
              masked: maskToken(token),
              createdAt: now.toISOString(),
              tokenSetAt: now.toISOString(),
              expiresAt,
              quota,
              account,
              allowKeyless: input.allowKeyless ?? false,
              paused: false,
              ca,
              previous: null,
            };
          });
        } catch (error) {
          // Roll back only this call's own keychain write: the item may be another add's.
          if (stored) await vault.delete(name).catch(() => undefined);
          throw error;
        }
      } finally {
        adding.delete(name);
      }
      if (usage.read().connections[name]) {
        await usage.update((draft) => void delete draft.connections[name]);
      }
      if (verified) await recordHealth(name, 'ok', verified.serverName);
      return summary(name);
    },

    async test(input) {
      if ('name' in input) {
        const connection = requireConnection(metadata.read(), input.name);
        try {
          const result = await verify(connection, await vault.get(connection.name));
          await recordHealth(connection.name, 'ok', result.serverName);
          return result;
        } catch (error) {
          if (error instanceof KeyportError && error.code === 'TOKEN_REJECTED') {
            await recordHealth(connection.name, 'rejected', error.message);
          } else if (error instanceof KeyportError && /^UPSTREAM_/.test(error.code)) {
            await recordHealth(connection.name, 'unreachable', error.message);
          }
          throw error;
        }
      }
      return verify({ url: validateUpstreamUrl(input.url), ca: null }, validateToken(input.token));
    },

    async update(input) {
      const current = requireConnection(metadata.read(), input.name);
      const url = input.url === undefined ? undefined : validateUpstreamUrl(input.url);
      const expiresAt =
        input.expires === undefined ? undefined : (parseExpiry(input.expires, clock.now())?.toISOString() ?? null);
      const account =
        input.account === undefined || input.account === null ? input.account : validateName(input.account, 'account');
      const ca = input.ca === undefined || input.ca === null ? input.ca : validateCa(input.ca);
      if (typeof account === 'string' && typeof input.quota === 'number') {
        throw new KeyportError(
          'INVALID_INPUT',
          'Give either --quota (this token alone) or --account (a shared quota), not both.',
        );
      }
      await metadata.update((draft) => {
        const connection = requireConnection(draft, current.name);
        if (url !== undefined) connection.url = url;
        if (expiresAt !== undefined) connection.expiresAt = expiresAt;
        if (input.allowKeyless !== undefined) connection.allowKeyless = input.allowKeyless;
        if (ca !== undefined) connection.ca = ca;
        if (account !== undefined) {
          if (account !== null) requireAccount(draft, account);
          connection.account = account;
          if (account !== null) connection.quota = null;
        }
        if (typeof input.quota === 'number' && connection.account) {
          throw new KeyportError(
            'INVALID_INPUT',
            `"${connection.name}" shares account "${connection.account}"'s quota; detach it first with \`--account none\`.`,
          );
        }
        if (input.quota === null) connection.quota = null;
        if (typeof input.quota === 'number' || input.resetDay !== undefined) {
          const limit = typeof input.quota === 'number' ? validateQuotaLimit(input.quota) : connection.quota?.limit;
          if (limit === undefined) {
            throw new KeyportError(
              'INVALID_INPUT',
              `"${connection.name}" has no quota of its own; set one with --quota (an account's reset day is set with \`keyport account set\`).`,
            );
          }
          const resetDay = validateResetDay(input.resetDay ?? connection.quota?.resetDay ?? 1);
          connection.quota = { limit, resetDay };
        }
      });
      return summary(current.name);
    },

    async remove(name) {
      requireConnection(metadata.read(), name);
      await vault.delete(name);
      await vault.deletePrevious(name);
      await metadata.update((draft) => void delete draft.connections[name]);
      await usage.update((draft) => void delete draft.connections[name]);
      removeToolListCache(context.dataDir, name);
    },

    async setPaused(name, paused) {
      await metadata.update((draft) => {
        requireConnection(draft, name).paused = paused;
      });
      return summary(name);
    },
  };
}
