/** A CoreContext on in-memory fakes, for unit tests of core logic. */
import { fixedClock } from '../../src/clock.js';
import type { CoreContext } from '../../src/core/context.js';
import { createKeychainTokenVault } from '../../src/keychain/keychain-token-vault.js';
import { createMemorySecretStore, type MemorySecretStore } from '../../src/keychain/memory-secret-store.js';
import { silentLogger } from '../../src/logger.js';
import { createMemoryMetadataStore, createMemoryUsageStore } from '../../src/store/memory-metadata-store.js';
import { directNetwork } from './direct-network.js';

export interface MemoryCoreContext extends CoreContext {
  readonly secrets: MemorySecretStore;
  readonly clock: ReturnType<typeof fixedClock>;
}

export function memoryCoreContext(now = '2026-03-10T12:00:00.000Z'): MemoryCoreContext {
  const secrets = createMemorySecretStore();
  return {
    dataDir: '(memory)',
    metadata: createMemoryMetadataStore(),
    usage: createMemoryUsageStore(),
    vault: createKeychainTokenVault({ store: secrets }),
    clock: fixedClock(now),
    logger: silentLogger,
    env: {},
    network: directNetwork(),
    secrets,
  };
}
