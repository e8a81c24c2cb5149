// Two processes adding the same connection name at once (say the app and the CLI): each has its
// own core, and they share only the data folder (its file lock) and the OS keychain. Modelled
// here by two cores in one process over the real Secret Service, with the first keychain write
// held open so that the second add has every chance to interleave with it.
import { afterAll, expect, it } from 'vitest';
import { createCoreContext } from '../../../src/core/create-core-context.js';
import { createTokenService } from '../../../src/core/token-service.js';
import { KeyportError } from '../../../src/errors.js';
import { createOsSecretStore } from '../../../src/keychain/os-secret-store.js';
import { secretAccounts, type SecretStore } from '../../../src/keychain/secret-store.js';
import { silentLogger } from '../../../src/logger.js';
import { describeWithKeychain, uniqueKeychainService } from '../../support/keychain-guard.js';
import { tempHome } from '../../support/temp-home.js';

const URL = 'https://mcp.example.com/mcp';
const FIRST = `sk_live_${'1a'.repeat(32)}`;
const SECOND = `sk_live_${'2b'.repeat(32)}`;

/** The OS keychain, with every write held until `open()`; `firstWrite` resolves when one is waiting. */
function heldKeychain(service: string) {
  const store = createOsSecretStore({ service });
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let writing!: () => void;
  const firstWrite = new Promise<void>((resolve) => (writing = resolve));
  const held: SecretStore = {
    get: (account) => store.get(account),
    delete: (account) => store.delete(account),
    async set(account, secret) {
      writing();
      await opened;
      await store.set(account, secret);
    },
  };
  return { store: held, open, firstWrite };
}

describeWithKeychain('token service: two processes adding one name at once (real keychain, shared data folder)', () => {
  const home = tempHome('add-race');
  const service = uniqueKeychainService('add-race');
  const keychain = createOsSecretStore({ service });
  afterAll(() => keychain.delete(secretAccounts.token('demo')));

  it('Given a second add of the same name while the first is storing its token, then the second is refused and the first keeps its token', async () => {
    const env = { KEYPORT_HOME: home, KEYPORT_KEYCHAIN_SERVICE: service };
    const firstKeychain = heldKeychain(service);
    const secondKeychain = heldKeychain(service);
    const first = createCoreContext({ env, logger: silentLogger, secretStore: firstKeychain.store });
    const second = createCoreContext({ env, logger: silentLogger, secretStore: secondKeychain.store });
    try {
      const adding = createTokenService(first).add({ name: 'demo', url: URL, token: FIRST, verify: false });
      await firstKeychain.firstWrite;
      const racing = createTokenService(second).add({ name: 'demo', url: URL, token: SECOND, verify: false });
      // Let the second add run as far as it can while the first write is held, then let both go.
      await new Promise((resolve) => setTimeout(resolve, 300));
      secondKeychain.open();
      firstKeychain.open();
      const [firstResult, secondResult] = await Promise.allSettled([adding, racing]);

      expect(firstResult.status).toBe('fulfilled');
      expect(secondResult.status).toBe('rejected');
      const refusal = (secondResult as PromiseRejectedResult).reason as unknown;
      expect(refusal).toBeInstanceOf(KeyportError);
      expect((refusal as KeyportError).code).toBe('NAME_TAKEN');
      expect(await keychain.get(secretAccounts.token('demo'))).toBe(FIRST);
      expect(first.metadata.read().connections.demo?.masked).toBe(`sk_live_…${FIRST.slice(-4)}`);
    } finally {
      for (const context of [first, second]) {
        context.metadata.close();
        context.usage.close();
      }
    }
  });
});
