/**
 * The token operations every face uses (CLI, IPC, tray). Keychain first, metadata second, and
 * each failure undoes what was already written: a failed keychain write leaves no metadata; a
 * failed metadata write restores the keychain. Tokens are never logged or put in a message.
 */
import type {
  AddTokenInput,
  HeaderTemplateDto,
  TokenSummary,
  UpdateTokenInput,
  VerifyResult,
} from '../contract/dto.js';
import { deleteOAuthSecrets } from '../credentials/oauth/oauth-store.js';
import { runTokenCommand, splitCommandLine } from '../credentials/token-command.js';
import { renderCredential, type UpstreamCredential } from '../credentials/upstream-credential.js';
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
import { commandOf, validateShape, validateTtl } from './credential-input.js';
import { requireAccount, validateNewConnection } from './new-connection.js';
import { validateCa } from './validate-ca.js';
import { validateName, validateQuotaLimit, validateUpstreamUrl } from './validate-input.js';
import type { UpstreamVerifier } from './verify-upstream.js';
import { ownEntry } from '../store/own-entry.js';

export type TestTokenInput =
  | { readonly url: string; readonly token: string; readonly headers?: readonly HeaderTemplateDto[] }
  | { readonly name: string };

/** `$(gh)`: what list shows for a command's token, which is never stored. */
export function commandMask(line: string): string {
  return `$(${splitCommandLine(line)[0]!.split(/[\\/]/).pop()})`;
}

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
  const connection = ownEntry(metadata.connections, name);
  if (!connection) {
    throw new KeyportError('NOT_FOUND', `No connection named "${name}"; \`keyport list\` shows the names.`);
  }
  return connection;
}

export function createTokenService(context: CoreContext, options: TokenServiceOptions = {}): TokenService {
  const { metadata, usage, vault, clock, logger } = context;
  const verifier: UpstreamVerifier = options.verifier ?? lazyVerifyUpstream;
  const verify = (target: VerifyTarget, credential: UpstreamCredential) =>
    verifier({
      url: target.url,
      credential,
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
  /** A saved connection's check: a refused command or OAuth token gets one new one (run again, refresh). */
  const verifySaved = async (connection: Connection): Promise<VerifyResult> => {
    const credential = await context.credentials.get(connection);
    try {
      return await verify(connection, credential);
    } catch (error) {
      if (!(error instanceof KeyportError && error.code === 'TOKEN_REJECTED')) throw error;
      if ((await context.credentials.rejected(connection, credential)) === 'final') throw error;
      return verify(connection, await context.credentials.get(connection));
    }
  };
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
      const fresh = validateNewConnection(input, clock.now());
      const { name, url, assertFree } = fresh;
      const { ca } = fresh.base;
      const shape = validateShape(input);
      const command = commandOf(input);
      const token = command === null ? validateToken(input.token ?? '') : null;
      assertFree(metadata.read());
      if (adding.has(name)) {
        throw new KeyportError('NAME_TAKEN', `A connection named "${name}" is being added already; wait for it.`);
      }
      adding.add(name);
      let verified: VerifyResult | null = null;
      try {
        if (input.verify !== false) {
          const secret = token ?? (await runTokenCommand(command!, { connection: name }));
          verified = await verify({ url, ca }, renderCredential(secret, shape));
          hooks?.onVerified?.(verified);
        }
        const format = detectTokenFormat(token ?? '');
        // The name check, the keychain write and the insert share the metadata lock, so a second
        // process adding the same name waits, then fails the check before it touches the keychain.
        let stored = false;
        try {
          await metadata.update(async (draft) => {
            assertFree(draft);
            if (token !== null) {
              await vault.set(name, token);
              stored = true;
            }
            draft.connections[name] = {
              ...fresh.base,
              provider: providerFor(format, url),
              kind: command === null ? format.kind : 'command',
              masked: command === null ? maskToken(token!) : commandMask(command.line),
              headers: shape.headers === null ? null : [...shape.headers],
              queryParam: shape.queryParam,
              command,
              oauth: null,
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
      if (ownEntry(usage.read().connections, name)) {
        await usage.update((draft) => void delete draft.connections[name]);
      }
      if (verified) await recordHealth(name, 'ok', verified.serverName);
      return summary(name);
    },

    async test(input) {
      if ('name' in input) {
        const connection = requireConnection(metadata.read(), input.name);
        try {
          const result = await verifySaved(connection);
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
      return verify(
        { url: validateUpstreamUrl(input.url), ca: null },
        renderCredential(validateToken(input.token), validateShape({ headers: input.headers ?? null })),
      );
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
      const shape =
        input.headers === undefined && input.queryParam === undefined
          ? undefined
          : validateShape({
              headers: input.headers === undefined ? current.headers : input.headers,
              queryParam: input.queryParam === undefined ? current.queryParam : input.queryParam,
            });
      if ((input.tokenCommand !== undefined || input.tokenTtlSeconds !== undefined) && current.kind !== 'command') {
        throw new KeyportError(
          'INVALID_INPUT',
          `"${current.name}" does not get its token from a command; remove it and add it again with --token-command.`,
        );
      }
      const command =
        current.command === null || (input.tokenCommand === undefined && input.tokenTtlSeconds === undefined)
          ? undefined
          : commandOf({
              tokenCommand: input.tokenCommand ?? current.command.line,
              tokenTtlSeconds: validateTtl(input.tokenTtlSeconds ?? current.command.ttlSeconds),
            });
      if (shape !== undefined && current.kind === 'oauth') {
        throw new KeyportError('INVALID_INPUT', 'An OAuth access token always goes in the Authorization header.');
      }
      await metadata.update((draft) => {
        const connection = requireConnection(draft, current.name);
        if (url !== undefined) connection.url = url;
        if (shape !== undefined) {
          connection.headers = shape.headers === null ? null : [...shape.headers];
          connection.queryParam = shape.queryParam;
        }
        if (command) {
          connection.command = command;
          connection.masked = commandMask(command.line);
        }
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
      context.credentials.invalidate(current.name);
      return summary(current.name);
    },

    async remove(name) {
      const connection = requireConnection(metadata.read(), name);
      await vault.delete(name);
      await vault.deletePrevious(name);
      if (connection.kind === 'oauth') await deleteOAuthSecrets(vault.items, name, { client: true });
      context.credentials.invalidate(name);
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
