/** An in-memory SecretStore for unit tests: counts reads and can be told to fail like a real keychain. */
import { KeyportError } from '../errors.js';
import type { SecretStore } from './secret-store.js';

export interface MemorySecretStore extends SecretStore {
  /** Number of `get` calls per account, to prove the vault's cache. */
  readonly reads: ReadonlyMap<string, number>;
  /** A snapshot of the stored items. */
  entries(): ReadonlyMap<string, string>;
  /** Make every following call fail with this error (null to heal). */
  failWith(code: 'KEYCHAIN_UNAVAILABLE' | 'KEYCHAIN_LOCKED' | null, operations?: readonly Operation[]): void;
}

type Operation = 'get' | 'set' | 'delete';

export function createMemorySecretStore(initial?: Readonly<Record<string, string>>): MemorySecretStore {
  const items = new Map<string, string>(Object.entries(initial ?? {}));
  const reads = new Map<string, number>();
  let failure: { code: 'KEYCHAIN_UNAVAILABLE' | 'KEYCHAIN_LOCKED'; operations: readonly Operation[] } | null = null;

  const check = (operation: Operation): void => {
    if (!failure || !failure.operations.includes(operation)) return;
    throw new KeyportError(
      failure.code,
      failure.code === 'KEYCHAIN_LOCKED' ? 'The keychain is locked (fake).' : 'No keychain (fake).',
    );
  };

  return {
    reads,
    entries: () => new Map(items),
    failWith(code, operations = ['get', 'set', 'delete']) {
      failure = code ? { code, operations } : null;
    },
    async get(account) {
      reads.set(account, (reads.get(account) ?? 0) + 1);
      check('get');
      return items.get(account) ?? null;
    },
    async set(account, secret) {
      check('set');
      items.set(account, secret);
    },
    async delete(account) {
      check('delete');
      return items.delete(account);
    },
    async accounts() {
      check('get');
      return [...items.keys()];
    },
  };
}
