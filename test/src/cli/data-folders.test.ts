// Data-folder isolation through the built CLI and the real Secret Service: two KEYPORT_HOMEs sharing
// one keychain service never touch each other's token, items from before the isolation migrate
// without loss, and `keyport doctor` lists (and on request removes) items no data folder owns.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { TokenSummary } from '../../../src/contract/dto.js';
import { createOsSecretStore } from '../../../src/keychain/os-secret-store.js';
import { emptyMetadata } from '../../../src/store/empty-documents.js';
import { maskToken } from '../../../src/tokens/mask-token.js';
import { connectionFixture } from '../../support/connection-fixture.js';
import { clearKeychainService, installIdOf, tokenAccountIn } from '../../support/keychain-account.js';
import {
  canaryToken,
  describeWithKeychain,
  secretToolSearch,
  uniqueKeychainService,
} from '../../support/keychain-guard.js';
import { runKeyport } from '../../support/run-keyport.js';
import { tempHome } from '../../support/temp-home.js';
import { startStatelessUpstream, type BearerUpstream } from '../../support/upstreams/bearer-upstreams.js';

describeWithKeychain('data folders share a keychain service but not their items (built CLI, real keychain)', () => {
  const first = canaryToken('a001');
  let upstream: BearerUpstream;
  // Each test has a keychain service of its own: doctor judges every item under the service.
  let service = '';
  let keychain: ReturnType<typeof createOsSecretStore>;

  const keyport = (home: string, args: string[], input?: string) =>
    runKeyport(args, {
      env: { ...process.env, KEYPORT_HOME: home, KEYPORT_KEYCHAIN_SERVICE: service, KEYPORT_PORT: '0' },
      ...(input === undefined ? {} : { input }),
    });
  const list = async (home: string) => JSON.parse((await keyport(home, ['list', '--json'])).stdout) as TokenSummary[];

  beforeAll(async () => {
    upstream = await startStatelessUpstream(first);
  });
  afterAll(() => upstream.close());
  beforeEach(() => {
    service = uniqueKeychainService('folders');
    keychain = createOsSecretStore({ service });
  });
  afterEach(() => clearKeychainService(service));

  it('Given two data folders with a connection "gh", When the second adds, rotates and removes its own, Then `keyport check` in the first still says ok', async () => {
    const a = tempHome('folders-a');
    const b = tempHome('folders-b');
    expect((await keyport(a, ['add', 'gh', '--url', upstream.url], first)).code).toBe(0);
    const added = await keyport(b, ['add', 'gh', '--url', 'https://b.example/mcp', '--no-verify'], canaryToken('b001'));
    expect(added.code).toBe(0);
    expect((await keyport(b, ['rotate', 'gh', '--no-verify'], canaryToken('b002'))).code).toBe(0);
    expect((await keyport(b, ['remove', 'gh'])).code).toBe(0);

    const check = await keyport(a, ['check', 'gh']);
    expect(check.stdout).toMatch(/^gh: ok — /);
    expect(check.code).toBe(0);
    expect((await list(a))[0]?.masked).toBe(maskToken(first));
    expect(await keychain.get(tokenAccountIn(a, 'gh'))).toBe(first);
    const doctor = await keyport(a, ['doctor']);
    expect(doctor.stdout).toMatch(/ok\s+token gh: in the keychain/);
    expect(doctor.stdout).toMatch(/ok\s+keychain items: every item belongs to a data folder/);
    expect(doctor.code).toBe(0);
  });

  it('Given a data folder from before the isolation (unscoped items), When it is used, Then its tokens move in without loss, and doctor lists then removes the old items', async () => {
    const home = tempHome('folders-legacy');
    const rolledFrom = canaryToken('c0de');
    const metadata = emptyMetadata();
    metadata.connections.legacy = connectionFixture('legacy', {
      url: upstream.url,
      masked: maskToken(first),
      previous: {
        masked: maskToken(rolledFrom),
        tokenSetAt: new Date().toISOString(),
        expiresAt: null,
        until: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    fs.writeFileSync(path.join(home, 'metadata.json'), JSON.stringify(metadata), { mode: 0o600 });
    await keychain.set('token:legacy', first);
    await keychain.set('token:legacy:previous', rolledFrom);

    const check = await keyport(home, ['check', 'legacy']);
    expect(check.stdout).toMatch(/^legacy: ok — /);
    expect(await keychain.get(tokenAccountIn(home, 'legacy'))).toBe(first);
    const doctor = await keyport(home, ['doctor']);
    expect(await keychain.get(tokenAccountIn(home, 'legacy', true))).toBe(rolledFrom);
    expect(doctor.stdout).toMatch(/FAIL\s+keychain item token:legacy: belongs to no data folder: from before Keyport/);
    expect(doctor.stdout).toMatch(/FAIL\s+keychain item token:legacy:previous: belongs to no data folder/);
    expect(doctor.stdout).toContain('keyport doctor --remove-orphans');
    expect(doctor.code).toBe(1);

    const cleaned = await keyport(home, ['doctor', '--remove-orphans']);
    expect(cleaned.stdout).toMatch(/ok\s+keychain items: removed 2 owned by no data folder/);
    expect(cleaned.code).toBe(0);
    expect(await keychain.get('token:legacy')).toBeNull();
    expect((await keyport(home, ['check', 'legacy'])).code).toBe(0);
    expect((await keyport(home, ['rotate', 'legacy', '--rollback'])).code).toBe(0);
    expect((await list(home))[0]?.masked).toBe(maskToken(rolledFrom));
  });

  it('Given an unscoped item holding another folder’s token (the old scheme let it overwrite ours), Then it is not adopted and doctor says the token is missing', async () => {
    const home = tempHome('folders-foreign');
    const metadata = emptyMetadata();
    metadata.connections.shared = connectionFixture('shared', { url: upstream.url, masked: maskToken(first) });
    fs.writeFileSync(path.join(home, 'metadata.json'), JSON.stringify(metadata), { mode: 0o600 });
    await keychain.set('token:shared', canaryToken('f0e1'));
    const check = await keyport(home, ['check', 'shared']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/shared: error — The keychain has no token for connection "shared"/);
    expect(secretToolSearch(service)).not.toContain(`token:shared@${installIdOf(home)}`);
  });

  it('Given a data folder deleted by hand, Then doctor elsewhere lists its items as owned by no data folder', async () => {
    const gone = tempHome('folders-gone');
    const here = tempHome('folders-here');
    expect(
      (await keyport(gone, ['add', 'tmp', '--url', 'https://x.example/mcp', '--no-verify'], canaryToken())).code,
    ).toBe(0);
    const goneId = installIdOf(gone);
    fs.rmSync(gone, { recursive: true, force: true });
    const doctor = await keyport(here, ['doctor']);
    expect(doctor.stdout).toContain(
      `FAIL  keychain item folder@${goneId}: belongs to no data folder: its data folder ${gone} no longer exists`,
    );
    expect(doctor.stdout).toContain(`FAIL  keychain item token:tmp@${goneId}: belongs to no data folder`);
  });
});
