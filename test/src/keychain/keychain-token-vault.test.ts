import { describe, expect, it } from 'vitest';
import { KeyportError } from '../../../src/errors.js';
import { createKeychainTokenVault } from '../../../src/keychain/keychain-token-vault.js';
import { createMemorySecretStore } from '../../../src/keychain/memory-secret-store.js';
import { secretAccounts } from '../../../src/keychain/secret-store.js';

describe('keychain token vault', () => {
  it('Given a stored token, when read many times (also concurrently), then the keychain is read once', async () => {
    const store = createMemorySecretStore({ [secretAccounts.token('demo')]: 'tok-1' });
    const vault = createKeychainTokenVault({ store });
    const reads = await Promise.all([vault.get('demo'), vault.get('demo'), vault.get('demo')]);
    await vault.get('demo');
    expect(reads).toEqual(['tok-1', 'tok-1', 'tok-1']);
    expect(store.reads.get(secretAccounts.token('demo'))).toBe(1);
    expect(vault.cached('demo')).toBe('tok-1');
  });

  it('Given a cached token, when another process changed it and we invalidate, then the next get reads again', async () => {
    const store = createMemorySecretStore({ [secretAccounts.token('demo')]: 'tok-1' });
    const vault = createKeychainTokenVault({ store });
    await vault.get('demo');
    await store.set(secretAccounts.token('demo'), 'tok-2');
    expect(await vault.get('demo')).toBe('tok-1');
    vault.invalidate();
    expect(vault.cached('demo')).toBeUndefined();
    expect(await vault.get('demo')).toBe('tok-2');
    expect(store.reads.get(secretAccounts.token('demo'))).toBe(2);
  });

  it('Given set and delete, when reading, then the cache follows without extra keychain reads', async () => {
    const store = createMemorySecretStore();
    const vault = createKeychainTokenVault({ store });
    await vault.set('demo', 'tok-new');
    expect(await vault.get('demo')).toBe('tok-new');
    expect(store.reads.get(secretAccounts.token('demo'))).toBeUndefined();
    await vault.delete('demo');
    expect(vault.cached('demo')).toBeUndefined();
    expect(store.entries().has(secretAccounts.token('demo'))).toBe(false);
  });

  it('Given no item, when get, then KEYCHAIN_ITEM_MISSING names the connection and the fix', async () => {
    const vault = createKeychainTokenVault({ store: createMemorySecretStore() });
    const error = await vault.get('github').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KeyportError);
    expect((error as KeyportError).code).toBe('KEYCHAIN_ITEM_MISSING');
    expect((error as KeyportError).message).toContain('"github"');
    expect((error as KeyportError).message).toContain('keyport rotate github');
  });

  it('Given a read in flight, when the token is invalidated meanwhile, then the stale value is not cached', async () => {
    const store = createMemorySecretStore({ [secretAccounts.token('demo')]: 'old' });
    const vault = createKeychainTokenVault({ store });
    const pending = vault.get('demo');
    vault.invalidate('demo');
    expect(await pending).toBe('old');
    expect(vault.cached('demo')).toBeUndefined();
  });

  it('Given previous tokens, when set, read and deleted, then they live under the previous-token account', async () => {
    const store = createMemorySecretStore();
    const vault = createKeychainTokenVault({ store });
    await vault.setPrevious('demo', 'prev');
    expect(store.entries().get(secretAccounts.previousToken('demo'))).toBe('prev');
    expect(await vault.getPrevious('demo')).toBe('prev');
    await vault.deletePrevious('demo');
    expect(await vault.getPrevious('demo')).toBeNull();
  });

  it('Given a locked keychain, when get, then the KEYCHAIN_LOCKED error passes through', async () => {
    const store = createMemorySecretStore({ [secretAccounts.token('demo')]: 'tok' });
    store.failWith('KEYCHAIN_LOCKED');
    const vault = createKeychainTokenVault({ store });
    await expect(vault.get('demo')).rejects.toMatchObject({ code: 'KEYCHAIN_LOCKED' });
    store.failWith(null);
    expect(await vault.get('demo')).toBe('tok');
  });
});
