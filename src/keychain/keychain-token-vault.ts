/**
 * TokenVault over a SecretStore. Each token is read from the keychain at most once per
 * process (concurrent first reads share one keychain call); set/delete/invalidate drop
 * the cached value, and a read that raced with an invalidation is not cached.
 */
import { KeyportError } from '../errors.js';
import { secretAccounts, type SecretStore } from './secret-store.js';
import type { TokenVault } from './token-vault.js';

export interface KeychainTokenVaultOptions {
  readonly store: SecretStore;
}

export function createKeychainTokenVault(options: KeychainTokenVaultOptions): TokenVault {
  const { store } = options;
  const cache = new Map<string, string>();
  const inflight = new Map<string, Promise<string>>();
  const generation = new Map<string, number>();

  const bump = (name: string): void => {
    generation.set(name, (generation.get(name) ?? 0) + 1);
    cache.delete(name);
    inflight.delete(name);
  };

  const readOnce = (name: string): Promise<string> => {
    const started = generation.get(name) ?? 0;
    const read = (async () => {
      const token = await store.get(secretAccounts.token(name));
      if (token === null) {
        throw new KeyportError(
          'KEYCHAIN_ITEM_MISSING',
          `The keychain has no token for connection "${name}": store it again with ` +
            `\`keyport rotate ${name}\` (or \`keyport remove ${name}\` and add it again).`,
        );
      }
      if ((generation.get(name) ?? 0) === started) cache.set(name, token);
      return token;
    })();
    inflight.set(name, read);
    const clear = () => {
      if (inflight.get(name) === read) inflight.delete(name);
    };
    read.then(clear, clear);
    return read;
  };

  return {
    async get(name) {
      const hit = cache.get(name);
      if (hit !== undefined) return hit;
      return inflight.get(name) ?? readOnce(name);
    },
    cached: (name) => cache.get(name),
    async set(name, token) {
      bump(name);
      await store.set(secretAccounts.token(name), token);
      cache.set(name, token);
    },
    async delete(name) {
      bump(name);
      await store.delete(secretAccounts.token(name));
    },
    items: store,
    getPrevious: (name) => store.get(secretAccounts.previousToken(name)),
    async setPrevious(name, token) {
      await store.set(secretAccounts.previousToken(name), token);
    },
    async deletePrevious(name) {
      await store.delete(secretAccounts.previousToken(name));
    },
    invalidate(name) {
      if (name === undefined) {
        for (const key of new Set([...cache.keys(), ...inflight.keys()])) bump(key);
        return;
      }
      bump(name);
    },
  };
}
