/**
 * Rotation and rollback. The new token is verified before the swap (unless disabled); the
 * replaced one stays in the keychain (`secretAccounts.previousToken`) for 24 hours so
 * `rollback` can restore it. Usage counters survive. The health verdict becomes the verification's
 * (ok, with the server's name), or is cleared when the new token was not verified.
 */
import type { RotateTokenInput, TokenSummary, VerifyResult } from '../contract/dto.js';
import { renderCredential, type UpstreamCredential } from '../credentials/upstream-credential.js';
import { KeyportError } from '../errors.js';
import type { Connection, Metadata } from '../store/schema.js';
import { parseExpiry } from '../tokens/expiry.js';
import { maskToken } from '../tokens/mask-token.js';
import { detectTokenFormat, providerFor } from '../tokens/token-formats.js';
import { validateToken } from '../tokens/validate-token.js';
import type { CoreContext } from './context.js';
import { ownEntry } from '../store/own-entry.js';

/** Where a token is verified: the upstream, its own CA, and (once it exists) the connection's name. */
export interface VerifyTarget {
  readonly url: string;
  readonly ca: string | null;
  readonly name?: string;
}

export const ROLLBACK_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface TokenRotation {
  rotate(
    input: RotateTokenInput,
    hooks?: { readonly onVerified?: (result: VerifyResult) => void },
  ): Promise<TokenSummary>;
  rollback(name: string): Promise<TokenSummary>;
  /** Deletes previous tokens whose 24 h rollback window has passed (best effort). */
  purgeExpiredRollbacks(): Promise<void>;
}

interface RotationDeps {
  readonly context: CoreContext;
  readonly verify: (target: VerifyTarget, credential: UpstreamCredential) => Promise<VerifyResult>;
  readonly summary: (name: string) => TokenSummary;
}

function find(metadata: Metadata, name: string): Connection {
  const connection = ownEntry(metadata.connections, name);
  if (!connection)
    throw new KeyportError('NOT_FOUND', `No connection named "${name}"; \`keyport list\` shows the names.`);
  return connection;
}

/** Without --expires, a rotated token keeps the lifetime the old one had (same preset at the provider). */
function nextExpiry(connection: Connection, input: RotateTokenInput, now: Date): string | null {
  if (input.expires !== undefined) return parseExpiry(input.expires, now)?.toISOString() ?? null;
  if (connection.expiresAt === null) return null;
  const lifetime = Date.parse(connection.expiresAt) - Date.parse(connection.tokenSetAt);
  return lifetime > 0 ? new Date(now.getTime() + lifetime).toISOString() : null;
}

/** OAuth and command tokens are never stored by hand: they renew themselves. */
function refuseRenewing(connection: Connection): void {
  if (connection.kind === 'oauth') {
    throw new KeyportError(
      'INVALID_INPUT',
      `"${connection.name}" signs in with OAuth and refreshes its own token; sign in again with \`keyport login ${connection.name}\`.`,
    );
  }
  if (connection.kind === 'command') {
    throw new KeyportError(
      'INVALID_INPUT',
      `"${connection.name}" gets its token from a command; change it with \`keyport set ${connection.name} --token-command "<cmd>"\`.`,
    );
  }
}

export function createTokenRotation(deps: RotationDeps): TokenRotation {
  const { metadata, usage, vault, clock, logger } = deps.context;

  const currentSecret = async (name: string): Promise<string | null> => {
    try {
      return await vault.get(name);
    } catch (error) {
      if (error instanceof KeyportError && error.code === 'KEYCHAIN_ITEM_MISSING') return null;
      throw error;
    }
  };

  /** The verdict on the token now in use: what its verification said, or nothing yet. */
  const resetHealth = async (name: string, verified: VerifyResult | null) => {
    const health = verified
      ? { state: 'ok' as const, checkedAt: clock.now().toISOString(), detail: verified.serverName }
      : null;
    await usage
      .update((draft) => {
        const entry = ownEntry(draft.connections, name);
        if (entry) entry.health = health;
      })
      .catch((error: unknown) => logger.warn('Could not reset the health verdict', { name, error: String(error) }));
  };

  return {
    async rotate(input, hooks) {
      const connection = find(metadata.read(), input.name);
      const name = connection.name;
      refuseRenewing(connection);
      const token = validateToken(input.token);
      const now = clock.now();
      // A malformed --expires fails here, before the upstream is called; under the lock it is
      // computed again from the connection as it is then.
      nextExpiry(connection, input, now);
      let verified: VerifyResult | null = null;
      if (input.verify !== false) {
        verified = await deps.verify(connection, renderCredential(token, connection));
        hooks?.onVerified?.(verified);
      }
      // Reading the current token, both keychain writes and the metadata update share the metadata
      // lock: two rotations at once (the app's tray and the CLI, say) run one after the other, so
      // each moves aside the token the other stored and "previous" names the token the keychain keeps.
      const written: { undo?: () => Promise<void> } = {};
      try {
        await metadata.update(async (draft) => {
          const target = find(draft, name);
          const expiresAt = nextExpiry(target, input, now);
          vault.invalidate(name);
          const old = await currentSecret(name);
          if (old === token) {
            throw new KeyportError('INVALID_TOKEN', `That is the token "${name}" already uses; paste the new one.`);
          }
          const olderPrevious = old === null ? null : await vault.getPrevious(name);
          written.undo = async () => {
            await (old === null ? vault.delete(name) : vault.set(name, old)).catch(() => undefined);
            if (old === null) return;
            await (olderPrevious === null ? vault.deletePrevious(name) : vault.setPrevious(name, olderPrevious)).catch(
              () => undefined,
            );
          };
          if (old !== null) await vault.setPrevious(name, old);
          await vault.set(name, token);
          const format = detectTokenFormat(token);
          target.previous =
            old === null
              ? null
              : {
                  masked: target.masked,
                  tokenSetAt: target.tokenSetAt,
                  expiresAt: target.expiresAt,
                  until: new Date(now.getTime() + ROLLBACK_WINDOW_MS).toISOString(),
                };
          target.masked = maskToken(token);
          target.kind = format.kind;
          target.provider = providerFor(format, target.url);
          target.tokenSetAt = now.toISOString();
          target.expiresAt = expiresAt;
        });
      } catch (error) {
        await written.undo?.();
        throw error;
      }
      await resetHealth(name, verified);
      return deps.summary(name);
    },

    async rollback(name) {
      find(metadata.read(), name);
      const noRollback = (why: string) =>
        new KeyportError(
          'NO_ROLLBACK',
          `Cannot roll back "${name}": ${why}. Rotate again with \`keyport rotate ${name}\`.`,
        );
      // Under the metadata lock, like rotate: a rotation elsewhere cannot slip between reading the
      // previous token and restoring it.
      const written: { undo?: () => Promise<void> } = {};
      try {
        await metadata.update(async (draft) => {
          const target = find(draft, name);
          const previous = target.previous;
          if (!previous || Date.parse(previous.until) <= clock.now().getTime()) {
            throw noRollback('there is no previous token (Keyport keeps it for 24 hours after a rotation)');
          }
          const secret = await vault.getPrevious(name);
          if (secret === null) throw noRollback('the previous token is no longer in the keychain');
          vault.invalidate(name);
          const current = await currentSecret(name);
          written.undo = async () => {
            await (current === null ? vault.delete(name) : vault.set(name, current)).catch(() => undefined);
            await vault.setPrevious(name, secret).catch(() => undefined);
          };
          await vault.set(name, secret);
          await vault
            .deletePrevious(name)
            .catch((error: unknown) =>
              logger.warn('Could not delete the previous token', { name, error: String(error) }),
            );
          const format = detectTokenFormat(secret);
          target.masked = previous.masked;
          target.tokenSetAt = previous.tokenSetAt;
          target.expiresAt = previous.expiresAt;
          target.kind = format.kind;
          target.provider = providerFor(format, target.url);
          target.previous = null;
        });
      } catch (error) {
        await written.undo?.();
        throw error;
      }
      await resetHealth(name, null);
      return deps.summary(name);
    },

    async purgeExpiredRollbacks() {
      const now = clock.now().getTime();
      const stale = Object.values(metadata.read().connections).filter(
        (connection) => connection.previous && Date.parse(connection.previous.until) <= now,
      );
      for (const connection of stale) {
        try {
          await vault.deletePrevious(connection.name);
          await metadata.update((draft) => {
            const target = ownEntry(draft.connections, connection.name);
            if (target?.previous && Date.parse(target.previous.until) <= now) target.previous = null;
          });
        } catch (error) {
          logger.debug('Could not purge an expired previous token', { name: connection.name, error: String(error) });
        }
      }
    },
  };
}
