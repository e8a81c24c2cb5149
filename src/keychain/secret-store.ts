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
}

/** Keychain account names, in one place so every face agrees. */
export const secretAccounts = {
  token: (name: string) => `token:${name}`,
  previousToken: (name: string) => `token:${name}:previous`,
  /** An OAuth connection's current access token. */
  oauthAccess: (name: string) => `oauth:${name}:access`,
  /** An OAuth connection's refresh token (saved before the access token that came with it is used). */
  oauthRefresh: (name: string) => `oauth:${name}:refresh`,
  /** An OAuth connection's client registration (JSON: client_id, client_secret, …). */
  oauthClient: (name: string) => `oauth:${name}:client`,
} as const;
