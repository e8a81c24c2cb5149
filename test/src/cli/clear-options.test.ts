// Every option that clears or resets something, one by one through the built CLI (real keychain):
// each test adds its own connection, changes one thing, and reads the result back with `list --json`.
import { afterAll, expect, it } from 'vitest';
import type { AccountSummary, TokenSummary } from '../../../src/contract/dto.js';
import { describeWithKeychain, uniqueKeychainService } from '../../support/keychain-guard.js';
import { runKeyport } from '../../support/run-keyport.js';
import { tempHome } from '../../support/temp-home.js';

describeWithKeychain('keyport options that clear or reset (built CLI, real keychain)', () => {
  const home = tempHome('cli-clear');
  const env = { ...process.env, KEYPORT_HOME: home, KEYPORT_KEYCHAIN_SERVICE: uniqueKeychainService('clear') };
  const added: string[] = [];

  const keyport = async (args: string[], input?: string) => {
    const result = await runKeyport(args, { env, ...(input === undefined ? {} : { input }) });
    expect(result.stderr, `keyport ${args.join(' ')}`).toBe('');
    expect(result.code, `keyport ${args.join(' ')}`).toBe(0);
    return result;
  };
  const add = async (name: string, ...flags: string[]) => {
    added.push(name);
    await keyport(['add', name, '--url', 'https://mcp.example.com/mcp', '--no-verify', ...flags], `tok_${name}_0001`);
  };
  const summary = async (name: string) => {
    const all = JSON.parse((await keyport(['list', '--json'])).stdout) as TokenSummary[];
    return all.find((entry) => entry.name === name)!;
  };
  const account = async (name: string) => {
    const all = JSON.parse((await keyport(['account', 'list', '--json'])).stdout) as AccountSummary[];
    return all.find((entry) => entry.name === name);
  };

  afterAll(async () => {
    for (const name of added) await runKeyport(['remove', name], { env });
  });

  it.each(['none', 'NONE', ' None '])('Given a quota, When `set --quota %j`, Then the quota is gone', async (none) => {
    const name = `q-${none.trim().toLowerCase()}-${added.length}`;
    await add(name, '--quota', '100');
    expect((await summary(name)).quota.limit).toBe(100);
    const set = await keyport(['set', name, '--quota', none]);
    expect(set.stdout).toMatch(/quota -$/m);
    expect((await summary(name)).quota).toMatchObject({ limit: null, resetsAt: null });
  });

  it('Given a shared account, When `set --account none`, Then the token no longer shares it', async () => {
    await keyport(['account', 'set', 'team-a', '--quota', '500']);
    await add('acct', '--account', 'team-a');
    expect((await summary('acct')).quota).toMatchObject({ limit: 500, account: 'team-a' });
    await keyport(['set', 'acct', '--account', 'none']);
    expect((await summary('acct')).quota).toMatchObject({ limit: null, account: null });
    expect((await account('team-a'))?.tokens).toEqual([]);
  });

  it('Given a quota resetting on day 1, When `set --reset-day 15`, Then it resets on the 15th', async () => {
    await add('reset', '--quota', '100');
    await keyport(['set', 'reset', '--reset-day', '15']);
    expect(new Date((await summary('reset')).quota.resetsAt!).getDate()).toBe(15);
    expect((await summary('reset')).quota.limit).toBe(100);
  });

  it('Given an account, When `account set --reset-day 9` and `--quota 10`, Then each changes alone', async () => {
    await keyport(['account', 'set', 'team-b', '--quota', '500', '--reset-day', '3']);
    await keyport(['account', 'set', 'team-b', '--reset-day', '9']);
    expect(await account('team-b')).toMatchObject({ limit: 500, resetDay: 9 });
    await keyport(['account', 'set', 'team-b', '--quota', '10']);
    expect(await account('team-b')).toMatchObject({ limit: 10, resetDay: 9 });
  });

  it('Given an expiry, When `set --expires never`, Then the token never expires', async () => {
    await add('exp', '--expires', '30d');
    expect((await summary('exp')).expiresAt).not.toBeNull();
    await keyport(['set', 'exp', '--expires', 'never']);
    expect((await summary('exp')).expiresAt).toBeNull();
  });

  it('Given `add --expires never`, Then the token never expires', async () => {
    await add('never', '--expires', 'never');
    expect((await summary('never')).expiresAt).toBeNull();
  });

  it('Given keyless access, When `set --require-key`, Then a key is required again', async () => {
    await add('keyless', '--allow-keyless');
    expect((await summary('keyless')).allowKeyless).toBe(true);
    await keyport(['set', 'keyless', '--require-key']);
    expect((await summary('keyless')).allowKeyless).toBe(false);
  });
});
