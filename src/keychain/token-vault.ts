import type { SecretStore } from './secret-store.js';

/**
 * The token vault: upstream tokens by connection name, over a SecretStore, with an
 * in-process cache so a process reads each token from the keychain at most once.
 * Rotation and removal invalidate the cache. (Interface only; see keychain-token-vault.ts.)
 */
export interface TokenVault {
  /** The token, from the cache or (once) the keychain. Throws KEYCHAIN_ITEM_MISSING / _LOCKED / _UNAVAILABLE. */
  get(name: string): Promise<string>;
  /** The cached token without touching the keychain (the proxy's hot path); undefined on a miss. */
  cached(name: string): string | undefined;
  set(name: string, token: string): Promise<void>;
  delete(name: string): Promise<void>;
  getPrevious(name: string): Promise<string | null>;
  setPrevious(name: string, token: string): Promise<void>;
  deletePrevious(name: string): Promise<void>;
  /**
   * This data folder's other keychain items (OAuth tokens and client registrations, under
   * `secretAccounts.oauth*`), read and written as they are: no cache.
   */
  readonly items: SecretStore;
  /** Drop cached entries (one name, or all), e.g. when another process rotated a token. */
  invalidate(name?: string): void;
}
