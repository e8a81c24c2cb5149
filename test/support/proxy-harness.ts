/**
 * A running proxy over real parts for tests: a temp data folder (conf-backed stores), a unique
 * service in the real keychain, connections and client keys written the way the CLI writes them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/clock.js';
import { createCoreContext } from '../../src/core/create-core-context.js';
import type { CoreContext } from '../../src/core/context.js';
import { createOsSecretStore } from '../../src/keychain/os-secret-store.js';
import { silentLogger, type Logger } from '../../src/logger.js';
import { generateClientKey } from '../../src/proxy/client-keys.js';
import { startProxy, type RunningProxy, type StartProxyOptions } from '../../src/proxy/start-proxy.js';
import type { Connection } from '../../src/store/schema.js';
import { connectionFixture } from './connection-fixture.js';
import { clearKeychainService } from './keychain-account.js';
import { uniqueKeychainService } from './keychain-guard.js';

export interface ProxyHarness {
  readonly context: CoreContext;
  readonly home: string;
  readonly service: string;
  readonly env: Record<string, string>;
  /** Keychain reads (SecretStore.get calls) so far. */
  readonly keychainReads: () => number;
  proxy: RunningProxy;
  addConnection(input: { name: string; url: string; token: string } & Partial<Connection>): Promise<void>;
  addClient(name: string): Promise<string>;
  restart(options?: Partial<StartProxyOptions>): Promise<void>;
  endpoint(name: string): string;
  close(): Promise<void>;
}

export async function startProxyHarness(
  label: string,
  options: { readonly clock?: Clock; readonly logger?: Logger } & Partial<StartProxyOptions> = {},
): Promise<ProxyHarness> {
  const home = mkdtempSync(join(tmpdir(), `keyport-${label}-`));
  const service = uniqueKeychainService(label);
  const env = { KEYPORT_HOME: home, KEYPORT_KEYCHAIN_SERVICE: service };
  const secrets = createOsSecretStore({ service });
  let reads = 0;
  const context = createCoreContext({
    env,
    secretStore: {
      get: (account) => {
        reads += 1;
        return secrets.get(account);
      },
      set: (account, secret) => secrets.set(account, secret),
      delete: (account) => secrets.delete(account),
      accounts: () => secrets.accounts(),
    },
    logger: options.logger ?? silentLogger,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const start = (extra: Partial<StartProxyOptions> = {}) =>
    startProxy({ context, port: 0, flushIntervalMs: 100, ...options, ...extra });
  const harness: ProxyHarness = {
    context,
    home,
    service,
    env,
    keychainReads: () => reads,
    proxy: await start(),
    async addConnection(input) {
      const now = context.clock.now().toISOString();
      const { token, ...fields } = input;
      await context.vault.set(input.name, token);
      await context.metadata.update((draft) => {
        draft.connections[input.name] = connectionFixture(input.name, {
          provider: 'test',
          masked: `${token.slice(0, 8)}…${token.slice(-4)}`,
          createdAt: now,
          tokenSetAt: now,
          ...fields,
        });
      });
    },
    async addClient(name) {
      const key = generateClientKey();
      await context.metadata.update((draft) => {
        draft.clients[name] = {
          name,
          keyHash: key.keyHash,
          masked: key.masked,
          createdAt: context.clock.now().toISOString(),
        };
      });
      return key.key;
    },
    async restart(extra) {
      await harness.proxy.close();
      harness.proxy = await start(extra);
    },
    endpoint: (name) => `${harness.proxy.url}/${name}/mcp`,
    async close() {
      await harness.proxy.close();
      await clearKeychainService(service);
      context.metadata.close();
      context.usage.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
  return harness;
}
