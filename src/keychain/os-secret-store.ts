/**
 * The OS keychain adapter on @napi-rs/keyring. On Linux it is pinned to the Secret Service:
 * a missing Secret Service is an error (KEYCHAIN_UNAVAILABLE), never a silent fallback to
 * the kernel keyring or a file.
 */
import { createRequire } from 'node:module';
import type * as Keyring from '@napi-rs/keyring';
import type { AsyncEntry } from '@napi-rs/keyring';
import { KeyportError } from '../errors.js';
import { mapKeychainError } from './keychain-errors.js';
import type { SecretStore } from './secret-store.js';

/** Windows Credential Manager holds at most 2,560 bytes per credential (stored as UTF-16). */
export const WINDOWS_CREDENTIAL_MAX_BYTES = 2560;

export interface OsSecretStoreOptions {
  /** The keychain service name: `env.KEYPORT_KEYCHAIN_SERVICE ?? 'keyport'`. */
  readonly service: string;
  /** Defaults to process.platform; tests pass 'win32' to exercise the length guard. */
  readonly platform?: NodeJS.Platform;
}

/**
 * Loaded with `require`, not `import()`: measured on Node 20, importing the package's CommonJS
 * index from ESM leaves ~8 MB more resident than requiring it (the ESM loader's CommonJS
 * translation); requiring it costs ~1.6 MB.
 */
function loadKeyring(): typeof Keyring {
  return createRequire(import.meta.url)('@napi-rs/keyring') as typeof Keyring;
}

export function createOsSecretStore(options: OsSecretStoreOptions): SecretStore {
  const { service } = options;
  const platform = options.platform ?? process.platform;
  if (service.trim() === '') {
    throw new KeyportError('INVALID_INPUT', 'The keychain service name is empty; unset KEYPORT_KEYCHAIN_SERVICE.');
  }

  // The native module loads on first use (~1.6 MB resident): commands and processes that never
  // read the keychain do not pay for it.
  const entry = async (account: string): Promise<AsyncEntry> => {
    try {
      const { AsyncEntry: Entry } = loadKeyring();
      return new Entry(service, account, { linux: { store: 'secret-service' } });
    } catch (error) {
      throw mapKeychainError(error, service);
    }
  };

  const guardLength = (secret: string): void => {
    if (platform !== 'win32') return;
    const bytes = Buffer.byteLength(secret, 'utf16le');
    if (bytes > WINDOWS_CREDENTIAL_MAX_BYTES) {
      throw new KeyportError(
        'INVALID_TOKEN',
        `The token is too long for the Windows Credential Manager (${bytes} bytes as UTF-16, at most ` +
          `${WINDOWS_CREDENTIAL_MAX_BYTES}); check that you copied only the token.`,
      );
    }
  };

  return {
    async get(account) {
      try {
        return (await (await entry(account)).getPassword()) ?? null;
      } catch (error) {
        throw mapKeychainError(error, service);
      }
    },
    async set(account, secret) {
      guardLength(secret);
      try {
        await (await entry(account)).setPassword(secret);
      } catch (error) {
        throw mapKeychainError(error, service);
      }
    },
    async delete(account) {
      try {
        return await (await entry(account)).deleteCredential();
      } catch (error) {
        throw mapKeychainError(error, service);
      }
    },
    async accounts() {
      try {
        return (await loadKeyring().findCredentialsAsync(service)).map((credential) => credential.account);
      } catch (error) {
        throw mapKeychainError(error, service);
      }
    },
  };
}
