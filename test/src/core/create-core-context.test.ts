import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { createCoreContext, keychainServiceName } from '../../../src/core/create-core-context.js';
import { createMemorySecretStore } from '../../../src/keychain/memory-secret-store.js';
import { silentLogger } from '../../../src/logger.js';
import { tokenAccountIn } from '../../support/keychain-account.js';
import { tempHome } from '../../support/temp-home.js';

describe('createCoreContext', () => {
  it('Given KEYPORT_HOME, when composed, then the stores live in that folder and the vault uses the secret store', async () => {
    const home = `${tempHome('ctx')}/data`;
    const secretStore = createMemorySecretStore();
    const context = createCoreContext({
      env: { KEYPORT_HOME: home },
      logger: silentLogger,
      clock: fixedClock('2026-01-01T00:00:00.000Z'),
      secretStore,
    });
    expect(context.dataDir).toBe(home);
    expect(fs.statSync(home).mode & 0o777).toBe(0o700);
    expect(context.metadata.path).toBe(`${home}/metadata.json`);
    expect(context.usage.path).toBe(`${home}/usage.json`);
    await context.vault.set('demo', 'tok');
    expect(secretStore.entries().get(tokenAccountIn(home, 'demo'))).toBe('tok');
    expect(context.clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    context.metadata.close();
    context.usage.close();
  });

  it('Given KEYPORT_KEYCHAIN_SERVICE, then it names the keychain service; else "keyport"', () => {
    expect(keychainServiceName({ KEYPORT_KEYCHAIN_SERVICE: 'kp-test' })).toBe('kp-test');
    expect(keychainServiceName({})).toBe('keyport');
    expect(keychainServiceName({ KEYPORT_KEYCHAIN_SERVICE: ' ' })).toBe('keyport');
  });
});
