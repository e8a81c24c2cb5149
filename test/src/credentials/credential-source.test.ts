// The credential seam over a memory keychain and a fixed clock; token commands run for real (node).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { createCredentialSource } from '../../../src/credentials/credential-source.js';
import { createOAuthSessions } from '../../../src/credentials/oauth/oauth-sessions.js';
import { createKeychainTokenVault } from '../../../src/keychain/keychain-token-vault.js';
import { createMemorySecretStore } from '../../../src/keychain/memory-secret-store.js';
import { silentLogger } from '../../../src/logger.js';
import { createMemoryMetadataStore } from '../../../src/store/memory-metadata-store.js';
import { connectionFixture } from '../../support/connection-fixture.js';
import { directNetwork } from '../../support/direct-network.js';

function setup() {
  const clock = fixedClock('2026-03-10T12:00:00.000Z');
  const store = createMemorySecretStore({ 'token:plain': 'tok_plain' });
  const vault = createKeychainTokenVault({ store });
  const metadata = createMemoryMetadataStore();
  const oauth = createOAuthSessions({
    items: store,
    metadata,
    network: directNetwork(),
    clock,
    logger: silentLogger,
    dataDir: '(memory)',
  });
  return { clock, store, source: createCredentialSource({ vault, oauth, clock }) };
}

/** A command that prints the token in `file` and counts its runs in `file.runs`. */
function commandConnection(ttlSeconds: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyport-source-'));
  const file = path.join(dir, 'token');
  fs.writeFileSync(file, 'tok_one');
  const script = path.join(dir, 'print.cjs');
  fs.writeFileSync(
    script,
    `const fs = require('fs'); fs.appendFileSync(${JSON.stringify(`${file}.runs`)}, 'x'); process.stdout.write(fs.readFileSync(${JSON.stringify(file)}, 'utf8'));`,
  );
  const connection = connectionFixture('cmd', {
    kind: 'command',
    command: { line: `${JSON.stringify(process.execPath)} ${script}`, ttlSeconds },
    headers: [{ name: 'x-api-key', template: '{token}' }],
  });
  const runs = () => (fs.existsSync(`${file}.runs`) ? fs.readFileSync(`${file}.runs`, 'utf8').length : 0);
  return { connection, file, runs };
}

describe('credential source', () => {
  it('Given a stored token, then it is read once, rendered as Bearer, and a 401 is final (no retry)', async () => {
    const { store, source } = setup();
    const plain = connectionFixture('plain');
    expect(source.cached(plain)).toBeUndefined();
    const credential = await source.get(plain);
    expect(credential.headers).toEqual({ authorization: 'Bearer tok_plain' });
    expect(source.cached(plain)).toBe(credential);
    await source.get(plain);
    expect(store.reads.get('token:plain')).toBe(1);
    expect(await source.rejected(plain, credential)).toBe('final');
  });

  it('Given a token command, then it runs once per TTL, into its header, and again after a 401', async () => {
    const { clock, source } = setup();
    const { connection, file, runs } = commandConnection(60);
    const [first, second] = await Promise.all([source.get(connection), source.get(connection)]);
    expect(first.headers).toEqual({ 'x-api-key': 'tok_one' });
    expect(second).toBe(first);
    expect(runs()).toBe(1);
    clock.set('2026-03-10T12:00:59.000Z');
    expect(source.cached(connection)?.secret).toBe('tok_one');
    clock.set('2026-03-10T12:01:00.000Z');
    expect(source.cached(connection)).toBeUndefined();
    fs.writeFileSync(file, 'tok_two');
    expect((await source.get(connection)).secret).toBe('tok_two');
    expect(runs()).toBe(2);
    fs.writeFileSync(file, 'tok_three');
    expect(await source.rejected(connection, await source.get(connection))).toBe('retry');
    expect((await source.get(connection)).secret).toBe('tok_three');
    expect(runs()).toBe(3);
  });
});
