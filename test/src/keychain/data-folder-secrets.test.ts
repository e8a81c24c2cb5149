// Keychain items scoped to their data folder: two folders sharing one keychain service never touch each
// other's items; items from before the scoping move in on first use, but only a folder's own token.
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { createCoreContext } from '../../../src/core/create-core-context.js';
import { createTokenService } from '../../../src/core/token-service.js';
import { folderAccount, scopedAccount, splitScopedAccount } from '../../../src/keychain/data-folder-secrets.js';
import { createMemorySecretStore, type MemorySecretStore } from '../../../src/keychain/memory-secret-store.js';
import { findOrphanedItems } from '../../../src/keychain/orphaned-items.js';
import { silentLogger } from '../../../src/logger.js';
import { maskToken } from '../../../src/tokens/mask-token.js';
import { connectionFixture } from '../../support/connection-fixture.js';
import { tempHome } from '../../support/temp-home.js';

const URL = 'https://mcp.example.com/mcp';
const FIRST = `sk_live_${'1'.repeat(60)}aaaa`;
const SECOND = `sk_live_${'2'.repeat(60)}bbbb`;

function folder(secrets: MemorySecretStore, label: string) {
  const dataDir = tempHome(label);
  const context = createCoreContext({
    env: { KEYPORT_HOME: dataDir },
    logger: silentLogger,
    clock: fixedClock('2026-03-10T12:00:00.000Z'),
    secretStore: secrets,
  });
  return { dataDir, context, tokens: createTokenService(context), installId: () => context.metadata.read().installId! };
}

describe('data-folder secrets', () => {
  it('Given two data folders with a connection of the same name, When one adds, rotates and removes it, Then the other’s token is untouched', async () => {
    const secrets = createMemorySecretStore();
    const a = folder(secrets, 'scope-a');
    const b = folder(secrets, 'scope-b');
    await a.tokens.add({ name: 'gh', url: URL, token: FIRST, verify: false });
    await b.tokens.add({ name: 'gh', url: URL, token: SECOND, verify: false });
    expect(a.installId()).not.toBe(b.installId());
    await b.tokens.rotate({ name: 'gh', token: `${SECOND}x`, verify: false });
    await b.tokens.remove('gh');
    a.context.vault.invalidate();
    expect(await a.context.vault.get('gh')).toBe(FIRST);
    expect([...secrets.entries().keys()].sort()).toEqual(
      [scopedAccount('token:gh', a.installId()), folderAccount(a.installId()), folderAccount(b.installId())].sort(),
    );
    expect(secrets.entries().get(folderAccount(a.installId()))).toBe(a.dataDir);
    expect(await findOrphanedItems(secrets)).toEqual([]);
  });

  it('Given an item from before the scoping that holds this folder’s token, When first read, Then it is copied in and the old item stays', async () => {
    const secrets = createMemorySecretStore({ 'token:gh': FIRST, 'token:gh:previous': SECOND });
    const a = folder(secrets, 'scope-legacy');
    await a.context.metadata.update((draft) => {
      draft.connections.gh = connectionFixture('gh', {
        masked: maskToken(FIRST),
        previous: {
          masked: maskToken(SECOND),
          tokenSetAt: '2026-03-10T00:00:00.000Z',
          expiresAt: null,
          until: '2026-03-11T00:00:00.000Z',
        },
      });
    });
    expect(await a.context.vault.get('gh')).toBe(FIRST);
    expect(await a.context.vault.getPrevious('gh')).toBe(SECOND);
    const entries = secrets.entries();
    expect(entries.get(scopedAccount('token:gh', a.installId()))).toBe(FIRST);
    expect(entries.get(scopedAccount('token:gh:previous', a.installId()))).toBe(SECOND);
    expect(entries.get('token:gh')).toBe(FIRST);
    expect((await findOrphanedItems(secrets)).map((orphan) => orphan.account)).toEqual([
      'token:gh',
      'token:gh:previous',
    ]);
  });

  it('Given an unscoped item a registered folder has yet to copy in, Then it is not an orphan until that folder took it', async () => {
    const secrets = createMemorySecretStore({ 'token:gh:previous': SECOND });
    const a = folder(secrets, 'scope-pending');
    await a.tokens.add({ name: 'gh', url: URL, token: FIRST, verify: false });
    await a.context.metadata.update((draft) => {
      draft.connections.gh!.previous = {
        masked: maskToken(SECOND),
        tokenSetAt: '2026-03-10T00:00:00.000Z',
        expiresAt: null,
        until: '2026-03-11T00:00:00.000Z',
      };
    });
    expect(await findOrphanedItems(secrets)).toEqual([]);
    expect(await a.context.vault.getPrevious('gh')).toBe(SECOND);
    expect((await findOrphanedItems(secrets)).map((orphan) => orphan.account)).toEqual(['token:gh:previous']);
  });

  it('Given an item from before the scoping that holds another folder’s token (it overwrote ours), Then it is not adopted', async () => {
    const secrets = createMemorySecretStore({ 'token:gh': SECOND });
    const a = folder(secrets, 'scope-foreign');
    await a.context.metadata.update((draft) => {
      draft.connections.gh = connectionFixture('gh', { masked: maskToken(FIRST) });
    });
    await expect(a.context.vault.get('gh')).rejects.toMatchObject({ code: 'KEYCHAIN_ITEM_MISSING' });
    expect(secrets.entries().has(scopedAccount('token:gh', a.installId()))).toBe(false);
  });

  it('Given a fresh data folder, When its first token is added inside the metadata lock, Then the install id was made first (no deadlock)', async () => {
    const secrets = createMemorySecretStore();
    const a = folder(secrets, 'scope-fresh');
    await a.tokens.add({ name: 'first', url: URL, token: FIRST, verify: false });
    expect(secrets.entries().get(scopedAccount('token:first', a.installId()))).toBe(FIRST);
  });

  it('Given items of a folder that is gone, of a removed connection, and of no folder at all, Then each is listed with why', async () => {
    const secrets = createMemorySecretStore();
    const a = folder(secrets, 'scope-orphans');
    await a.tokens.add({ name: 'kept', url: URL, token: FIRST, verify: false });
    const id = a.installId();
    await secrets.set(scopedAccount('token:gone', id), 'x');
    await secrets.set(scopedAccount('token:kept:previous', id), 'x');
    await secrets.set(folderAccount('0123456789abcdef'), '/nonexistent/keyport-folder');
    await secrets.set(scopedAccount('token:old', '0123456789abcdef'), 'x');
    await secrets.set('doctor:probe', 'x');
    const orphans = await findOrphanedItems(secrets);
    expect(orphans.map((orphan) => [orphan.account, orphan.reason])).toEqual([
      ['doctor:probe', 'not an item Keyport writes'],
      ['folder@0123456789abcdef', 'its data folder /nonexistent/keyport-folder no longer exists'],
      [scopedAccount('token:gone', id), `its data folder ${a.dataDir} has no connection "gone"`],
      [scopedAccount('token:kept:previous', id), `connection "kept" in ${a.dataDir} keeps no token for rollback`],
      ['token:old@0123456789abcdef', 'its data folder /nonexistent/keyport-folder no longer exists'],
    ]);
  });

  it('Given accounts with and without an install id, Then they split at the last @', () => {
    expect(splitScopedAccount('token:gh@0123456789abcdef')).toEqual({
      account: 'token:gh',
      installId: '0123456789abcdef',
    });
    expect(splitScopedAccount('token:gh')).toEqual({ account: 'token:gh', installId: null });
    expect(splitScopedAccount('user@example.com')).toEqual({ account: 'user@example.com', installId: null });
  });
});
