/**
 * The composition root's core half: data folder, metadata and usage stores, keychain vault.
 * Used by the CLI, by `keyport serve` and (with electron-store as `confFactory`) by the desktop app.
 */
import { systemClock, type Clock } from '../clock.js';
import { createDataFolderSecrets } from '../keychain/data-folder-secrets.js';
import { createKeychainTokenVault } from '../keychain/keychain-token-vault.js';
import { createOsSecretStore } from '../keychain/os-secret-store.js';
import type { SecretStore } from '../keychain/secret-store.js';
import type { Logger } from '../logger.js';
import { createUpstreamClient } from '../net/upstream-client.js';
import type { ConfFactory } from '../store/conf-backend.js';
import { createConfMetadataStore } from '../store/conf-metadata-store.js';
import { createConfUsageStore } from '../store/conf-usage-store.js';
import { ensureDataDir, ensureDataDirOptions, resolveDataDir } from '../store/data-dir.js';
import { jsonFileConfFactory } from '../store/json-file-backend.js';
import type { CorruptFileInfo } from '../store/json-document.js';
import type { CoreContext } from './context.js';

export const DEFAULT_KEYCHAIN_SERVICE = 'keyport';

export interface CreateCoreContextOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger: Logger;
  readonly clock?: Clock;
  /**
   * Default: the OS keychain, service `env.KEYPORT_KEYCHAIN_SERVICE ?? 'keyport'`. Either way the vault
   * sees it through this data folder's scope (data-folder-secrets.ts).
   */
  readonly secretStore?: SecretStore;
  /**
   * Default: jsonFileConfFactory (conf's file format and reading rules, without conf's ajv and
   * semver). The desktop app passes `(options) => new ElectronStore(options)`.
   */
  readonly confFactory?: ConfFactory;
  /** Default: resolveDataDir({ env }). */
  readonly dataDir?: string;
  /** Told when a corrupt metadata/usage file was moved aside (also logged as a warning). */
  readonly onCorrupt?: (info: CorruptFileInfo) => void;
}

export const defaultConfFactory: ConfFactory = jsonFileConfFactory;

export function keychainServiceName(env: Readonly<Record<string, string | undefined>>): string {
  return env.KEYPORT_KEYCHAIN_SERVICE?.trim() || DEFAULT_KEYCHAIN_SERVICE;
}

export function createCoreContext(options: CreateCoreContextOptions): CoreContext {
  const { env, logger } = options;
  const clock = options.clock ?? systemClock;
  const dataDir = ensureDataDir(options.dataDir ?? resolveDataDir({ env }), ensureDataDirOptions(env));
  const confFactory = options.confFactory ?? defaultConfFactory;
  const storeOptions = {
    dataDir,
    confFactory,
    logger,
    clock,
    ...(options.onCorrupt ? { onCorrupt: options.onCorrupt } : {}),
  };
  const secretStore = options.secretStore ?? createOsSecretStore({ service: keychainServiceName(env) });
  const metadata = createConfMetadataStore(storeOptions);
  return {
    dataDir,
    metadata,
    usage: createConfUsageStore(storeOptions),
    vault: createKeychainTokenVault({
      store: createDataFolderSecrets({ store: secretStore, metadata, dataDir, logger }),
    }),
    clock,
    logger,
    env,
    network: createUpstreamClient({ env, proxySetting: () => metadata.read().settings.proxy }),
  };
}
