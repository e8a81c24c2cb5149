/**
 * Rotation and rollback. The new token is verified before the swap (unless disabled); the
 * replaced one stays in the keychain (`secretAccounts.previousToken`) for 24 hours so
 * `rollback` can restore it. Usage counters survive; the last health verdict is cleared.
 */
import type { RotateTokenInput, TokenSummary, VerifyResult } from '../contract/dto.js';
import { KeyportError } from '../errors.js';
import type { Connection, Metadata } from '../store/schema.js';
import { parseExpiry } from '../tokens/expiry.js';
import { maskToken } from '../tokens/mask-token.js';
import { detectTokenFormat, providerFor } from '../tokens/token-formats.js';
import { validateToken } from '../tokens/validate-token.js';
import type { CoreContext } from './context.js';

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
  readonly verify: (url: string, token: string) => Promise<VerifyResult>;
  readonly summary: (name: string) => TokenSummary;
}

function find(metadata: Metadata, name: string): Connection {
  const connection = metadata.connections[name];
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

  const clearHealth = async (name: string) => {
    await usage
      .update((draft) => {
        const entry = draft.connections[name];
        if (entry) entry.health = null;
      })
      .catch((error: unknown) => logger.warn('Could not reset the health verdict', { name, error: String(error) }));
  };

  return {
    async rotate(input, hooks) {
      const connection = find(metadata.read(), input.name);
      const token = validateToken(input.token);
      const now = clock.now();
      const expiresAt = nextExpiry(connection, input, now);
      if (input.verify !== false) {
        const result = await deps.verify(connection.url, token);
        hooks?.onVerified?.(result);
      }

      const old = await currentSecret(connection.name);
      if (old === token) {
        throw new KeyportError(
          'INVALID_TOKEN',
          `That is the token "${connection.name}" already uses; paste the new one.`,
        );
      }
      const olderPrevious = old === null ? null : await vault.getPrevious(connection.name);
      const undo = async () => {
        await (old === null ? vault.delete(connection.name) : vault.set(connection.name, old)).catch(() => undefined);
        if (old === null) return;
        await (
          olderPrevious === null
            ? vault.deletePrevious(connection.name)
            : vault.setPrevious(connection.name, olderPrevious)
        ).catch(() => undefined);
      };
      try {
        if (old !== null) await vault.setPrevious(connection.name, old);
        await vault.set(connection.name, token);
        const format = detectTokenFormat(token);
        await metadata.update((draft) => {
          const target = find(draft, connection.name);
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
        await undo();
        throw error;
      }
      await clearHealth(connection.name);
      return deps.summary(connection.name);
    },

    async rollback(name) {
      const connection = find(metadata.read(), name);
      const previous = connection.previous;
      const noRollback = (why: string) =>
        new KeyportError(
          'NO_ROLLBACK',
          `Cannot roll back "${name}": ${why}. Rotate again with \`keyport rotate ${name}\`.`,
        );
      if (!previous || Date.parse(previous.until) <= clock.now().getTime()) {
        throw noRollback('there is no previous token (Keyport keeps it for 24 hours after a rotation)');
      }
      const secret = await vault.getPrevious(name);
      if (secret === null) throw noRollback('the previous token is no longer in the keychain');
      const current = await currentSecret(name);
      await vault.set(name, secret);
      try {
        const format = detectTokenFormat(secret);
        await metadata.update((draft) => {
          const target = find(draft, name);
          target.masked = previous.masked;
          target.tokenSetAt = previous.tokenSetAt;
          target.expiresAt = previous.expiresAt;
          target.kind = format.kind;
          target.provider = providerFor(format, target.url);
          target.previous = null;
        });
      } catch (error) {
        await (current === null ? vault.delete(name) : vault.set(name, current)).catch(() => undefined);
        throw error;
      }
      await vault
        .deletePrevious(name)
        .catch((error: unknown) => logger.warn('Could not delete the previous token', { name, error: String(error) }));
      await clearHealth(name);
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
            const target = draft.connections[connection.name];
            if (target?.previous && Date.parse(target.previous.until) <= now) target.previous = null;
          });
        } catch (error) {
          logger.debug('Could not purge an expired previous token', { name: connection.name, error: String(error) });
        }
      }
    },
  };
}
