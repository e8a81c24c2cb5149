/**
 * Everything the faces share, wired once by a composition root (the CLI's
 * createCliContext, main/'s boot, the e2e harness) and passed down explicitly.
 */
import type { Clock } from '../clock.js';
import type { CredentialSource } from '../credentials/credential-source.js';
import type { TokenVault } from '../keychain/token-vault.js';
import type { Logger } from '../logger.js';
import type { UpstreamClient } from '../net/upstream-client.js';
import type { MetadataStore, UsageStore } from '../store/metadata-store.js';

export interface CoreContext {
  /** The data folder (KEYPORT_HOME or the OS application-data folder for Keyport). */
  readonly dataDir: string;
  readonly metadata: MetadataStore;
  readonly usage: UsageStore;
  readonly vault: TokenVault;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** How this process reaches upstreams (outbound proxy, trusted CAs): one for the proxy, checks and verification. */
  readonly network: UpstreamClient;
  /** What each connection adds to upstream requests (token, command output, OAuth access token): one seam for all. */
  readonly credentials: CredentialSource;
}
