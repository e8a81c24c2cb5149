/**
 * The keychain seam. `account` is an opaque key such as `token:<name>`; the
 * service name is fixed per store instance. `get` returns null when the item
 * does not exist; every other failure throws a KeyportError
 * (KEYCHAIN_UNAVAILABLE or KEYCHAIN_LOCKED) whose message says what to do.
 */
export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** Returns true when an item was deleted, false when there was none. */
  delete(account: string): Promise<boolean>;
  /** The accounts of every item under this store's service (for `keyport doctor`); never the secrets. */
  accounts(): Promise<string[]>;
}

/**
 * Keychain account names, in one place so every face agrees. These are the names the vault asks
 * for; the data folder's store (data-folder-secrets.ts) files each under `<account>@<install id>`.
 */
export const secretAccounts = {
  token: (name: string) => `token:${name}`,
  previousToken: (name: string) => `token:${name}:previous`,
} as const;

/** Which connection (and which of its tokens) a vault account names; null for any other account. */
export function parseTokenAccount(account: string): { readonly name: string; readonly previous: boolean } | null {
  const match = /^token:([a-z0-9-]+)(:previous)?$/.exec(account);
  return match ? { name: match[1]!, previous: match[2] !== undefined } : null;
}
