/** Credentials for tests. A token as the default credential shape sends it: `Authorization: Bearer <token>`. */
import { systemClock, type Clock } from '../../src/clock.js';
import { createCredentialSource, type CredentialSource } from '../../src/credentials/credential-source.js';
import { createOAuthSessions } from '../../src/credentials/oauth/oauth-sessions.js';
import type { TokenVault } from '../../src/keychain/token-vault.js';
import { silentLogger } from '../../src/logger.js';
import { createMemoryMetadataStore } from '../../src/store/memory-metadata-store.js';
import { directNetwork } from './direct-network.js';
import { BEARER_SHAPE, renderCredential, type UpstreamCredential } from '../../src/credentials/upstream-credential.js';

export function bearer(token: string): UpstreamCredential {
  return renderCredential(token, BEARER_SHAPE);
}

/** A CredentialSource over `vault` alone (no OAuth connection in sight), for tests that swap the vault. */
export function credentialSourceOver(vault: TokenVault, clock: Clock = systemClock): CredentialSource {
  const oauth = createOAuthSessions({
    items: vault.items,
    metadata: createMemoryMetadataStore(),
    network: directNetwork(),
    clock,
    logger: silentLogger,
    dataDir: '(memory)',
  });
  return createCredentialSource({ vault, oauth, clock });
}
