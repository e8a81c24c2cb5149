// An OAuth connection's keychain items (access, refresh, client) live in its data folder's scope like
// tokens do: never shared with another folder, and never called orphans while the connection exists.
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { saveOAuthClient, saveOAuthTokens } from '../../../src/credentials/oauth/oauth-store.js';
import { createCoreContext } from '../../../src/core/create-core-context.js';
import { createTokenService } from '../../../src/core/token-service.js';
import { scopedAccount } from '../../../src/keychain/data-folder-secrets.js';
import { createMemorySecretStore } from '../../../src/keychain/memory-secret-store.js';
import { findOrphanedItems } from '../../../src/keychain/orphaned-items.js';
import { secretAccounts } from '../../../src/keychain/secret-store.js';
import { silentLogger } from '../../../src/logger.js';
import { connectionFixture } from '../../support/connection-fixture.js';
import { tempHome } from '../../support/temp-home.js';

const OAUTH_STATE = {
  requestedScope: null,
  scope: null,
  signedInAt: null,
  accessExpiresAt: null,
  accessIssuedAt: null,
  signInExpiresAt: null,
  signInNeeded: null,
  moreScope: null,
  clientSource: 'dynamic' as const,
  issuer: null,
  discovery: null,
};

describe('OAuth keychain items in a data folder', () => {
  it('Given an OAuth connection, Then its items are scoped to the folder, not orphans, and gone (and orphan-free) after remove', async () => {
    const secrets = createMemorySecretStore();
    const dataDir = tempHome('oauth-items');
    const context = createCoreContext({
      env: { KEYPORT_HOME: dataDir },
      logger: silentLogger,
      clock: fixedClock('2026-03-10T12:00:00.000Z'),
      secretStore: secrets,
    });
    await context.metadata.update((draft) => {
      draft.connections.linear = connectionFixture('linear', { kind: 'oauth', masked: 'OAuth', oauth: OAUTH_STATE });
    });
    await saveOAuthClient(context.vault.items, 'linear', { client_id: 'c1', client_secret: 'cs_1' });
    await saveOAuthTokens(context.vault.items, 'linear', {
      access_token: 'at_1',
      refresh_token: 'rt_1',
      token_type: 'Bearer',
    });
    const installId = context.metadata.read().installId!;
    expect(secrets.entries().get(scopedAccount(secretAccounts.oauthRefresh('linear'), installId))).toBe('rt_1');
    expect(secrets.entries().has(secretAccounts.oauthRefresh('linear'))).toBe(false);
    expect(await findOrphanedItems(secrets)).toEqual([]);

    await createTokenService(context).remove('linear');
    expect([...secrets.entries().keys()].filter((account) => account.startsWith('oauth:'))).toEqual([]);
    expect(await findOrphanedItems(secrets)).toEqual([]);
  });

  it('Given OAuth items whose connection is gone from its folder, Then doctor lists them as orphans', async () => {
    const secrets = createMemorySecretStore();
    const dataDir = tempHome('oauth-orphans');
    const context = createCoreContext({ env: { KEYPORT_HOME: dataDir }, logger: silentLogger, secretStore: secrets });
    await saveOAuthTokens(context.vault.items, 'gone', { access_token: 'at_2', token_type: 'Bearer' });
    const orphans = await findOrphanedItems(secrets);
    expect(orphans.map((orphan) => orphan.reason)).toEqual([
      `its data folder ${dataDir} has no OAuth connection "gone"`,
    ]);
  });
});
