/** A CoreContext on in-memory fakes, for unit tests of core logic. */
import { fixedClock } from '../../src/clock.js';
import type { CoreContext } from '../../src/core/context.js';
import { createKeychainTokenVault } from '../../src/keychain/keychain-token-vault.js';
import { createMemorySecretStore, type MemorySecretStore } from '../../src/keychain/memory-secret-store.js';
import { silentLogger } from '../../src/logger.js';
import { createMemoryMetadataStore, createMemoryUsageStore } from '../../src/store/memory-metadata-store.js';
import { createCredentialSource } from '../../src/credentials/credential-source.js';
import { createOAuthSessions } from '../../src/credentials/oauth/oauth-sessions.js';
import { directNetwork } from './direct-network.js';

export interface MemoryCoreContext extends CoreContext {
  readonly secrets: MemorySecretStore;
  readonly clock: ReturnType<typeof fixedClock>;
}

export function memoryCoreContext(now = '2026-03-10T12:00:00.000Z'): MemoryCoreContext {
  const secrets = createMemorySecretStore();
  const metadata = createMemoryMetadataStore();
  const vault = createKeychainTokenVault({ store: secrets });
  const clock = fixedClock(now);
  const network = directNetwork();
  const oauth = createOAuthSessions({
    items: secrets,
    metadata,
    network,
    clock,
    logger: silentLogger,
    dataDir: '(memory)',
  });
  return {
    dataDir: '(memory)',
    metadata,
    usage: createMemoryUsageStore(),
    vault,
    clock,
    logger: silentLogger,
    env: {},
    network,
    credentials: createCredentialSource({ vault, oauth, clock }),
    secrets,
  };
}
