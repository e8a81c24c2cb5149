// `constructor` is a valid connection, account and client name (lowercase letters), and every one
// of them is a plain-object key in metadata.json: a lookup must find only what was stored, never
// Object's own `constructor`. Through the built CLI, with the real keychain.
import { afterAll, expect, it } from 'vitest';
import { describeWithKeychain, uniqueKeychainService } from '../../support/keychain-guard.js';
import { runKeyport } from '../../support/run-keyport.js';
import { tempHome } from '../../support/temp-home.js';

describeWithKeychain('names that are Object.prototype members (built CLI, real keychain)', () => {
  const home = tempHome('cli-object-keys');
  const env = { ...process.env, KEYPORT_HOME: home, KEYPORT_KEYCHAIN_SERVICE: uniqueKeychainService('object-keys') };
  const keyport = (args: string[], input?: string) =>
    runKeyport(args, { env, ...(input === undefined ? {} : { input }) });

  afterAll(async () => {
    await keyport(['remove', 'constructor']);
  });

  it('Given no connection named constructor, When it is changed, rotated, checked or removed, Then each says there is none', async () => {
    for (const args of [
      ['set', 'constructor', '--quota', '5'],
      ['rotate', 'constructor', '--no-verify'],
      ['check', 'constructor'],
      ['remove', 'constructor'],
      ['client', 'remove', 'constructor'],
      ['account', 'remove', 'constructor'],
    ]) {
      const result = await keyport(args, 'tok_constructor_0002');
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toMatch(/^keyport: No (connection|client|account) named "constructor"/);
    }
  });

  it('Given a connection and a client named constructor, Then they are added, listed and removed like any other', async () => {
    const added = await keyport(
      ['add', 'constructor', '--url', 'https://mcp.example.com/mcp', '--no-verify'],
      'tok_constructor_0001',
    );
    expect(added.code, added.stderr).toBe(0);
    expect((await keyport(['client', 'add', 'constructor'])).code).toBe(0);
    const listed = JSON.parse((await keyport(['list', '--json'])).stdout) as { name: string }[];
    expect(listed.map((entry) => entry.name)).toEqual(['constructor']);
    expect((await keyport(['client', 'remove', 'constructor'])).code).toBe(0);
    expect((await keyport(['remove', 'constructor'])).code).toBe(0);
    expect(JSON.parse((await keyport(['list', '--json'])).stdout)).toEqual([]);
  });
});
