// Two processes changing the same connection at once (say the app and the CLI): each has its
// own core, and they share only the data folder (its file lock) and the OS keychain. Modelled
// here by two cores in one process over the real Secret Service, with the first keychain write
// held open so that the second operation has every chance to interleave with it.
import { afterAll, expect, it } from 'vitest';
import { createCoreContext } from '../../../src/core/create-core-context.js';
import { createTokenService } from '../../../src/core/token-service.js';
import { KeyportError } from '../../../src/errors.js';
import { createOsSecretStore } from '../../../src/keychain/os-secret-store.js';
import type { SecretStore } from '../../../src/keychain/secret-store.js';
import { clearKeychainService, tokenAccountIn } from '../../support/keychain-account.js';
import { silentLogger } from '../../../src/logger.js';
import { maskToken } from '../../../src/tokens/mask-token.js';
import { describeWithKeychain, uniqueKeychainService } from '../../support/keychain-guard.js';
import { tempHome } from '../../support/temp-home.js';

const URL = 'https://mcp.example.com/mcp';
const FIRST = `sk_live_${'1a'.repeat(32)}`;
const SECOND = `sk_live_${'2b'.repeat(32)}`;
const THIRD = `sk_live_${'3c'.repeat(32)}`;

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
    accounts: () => store.accounts(),
    async set(account, secret) {
      writing();
      await opened;
      await store.set(account, secret);
    },
  };
  return { store: held, open, firstWrite };
}

describeWithKeychain(
  'token service: two processes changing one connection at once (real keychain, shared data folder)',
  () => {
    const home = tempHome('token-races');
    const service = uniqueKeychainService('token-races');
    const keychain = createOsSecretStore({ service });
    afterAll(() => clearKeychainService(service));

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
        expect(await keychain.get(tokenAccountIn(home, 'demo'))).toBe(FIRST);
        expect(first.metadata.read().connections.demo?.masked).toBe(`sk_live_…${FIRST.slice(-4)}`);
      } finally {
        for (const context of [first, second]) {
          context.metadata.close();
          context.usage.close();
        }
      }
    });

    it('Given two rotations of one connection at once, then they run one after the other and the metadata names the tokens the keychain holds', async () => {
      const env = { KEYPORT_HOME: home, KEYPORT_KEYCHAIN_SERVICE: service };
      const setup = createCoreContext({ env, logger: silentLogger });
      await createTokenService(setup).add({ name: 'turn', url: URL, token: FIRST, verify: false });
      setup.metadata.close();
      setup.usage.close();
      const firstKeychain = heldKeychain(service);
      const secondKeychain = heldKeychain(service);
      const first = createCoreContext({ env, logger: silentLogger, secretStore: firstKeychain.store });
      const second = createCoreContext({ env, logger: silentLogger, secretStore: secondKeychain.store });
      try {
        const rotating = createTokenService(first).rotate({ name: 'turn', token: SECOND, verify: false });
        await firstKeychain.firstWrite;
        const racing = createTokenService(second).rotate({ name: 'turn', token: THIRD, verify: false });
        await new Promise((resolve) => setTimeout(resolve, 300));
        secondKeychain.open();
        firstKeychain.open();
        const results = await Promise.allSettled([rotating, racing]);
        expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);

        // The one that waited moved aside the token the other had just stored.
        expect(await keychain.get(tokenAccountIn(home, 'turn'))).toBe(THIRD);
        expect(await keychain.get(tokenAccountIn(home, 'turn', true))).toBe(SECOND);
        const connection = second.metadata.read().connections.turn!;
        expect(connection.masked).toBe(maskToken(THIRD));
        expect(connection.previous?.masked).toBe(maskToken(SECOND));

        // And a rollback restores the token the metadata says it will.
        const rolledBack = await createTokenService(second).rollback('turn');
        expect(rolledBack.masked).toBe(maskToken(SECOND));
        expect(await keychain.get(tokenAccountIn(home, 'turn'))).toBe(SECOND);
      } finally {
        for (const context of [first, second]) {
          context.metadata.close();
          context.usage.close();
        }
      }
    });
  },
);
