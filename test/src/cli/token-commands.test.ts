// The token commands end to end: the built CLI as a child process, a temp data folder, the real
// Secret Service, and a canary token that must never reach a file or any output.
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import type { TokenSummary } from '../../../src/contract/dto.js';
import {
  canaryToken,
  describeWithKeychain,
  secretToolSearch,
  uniqueKeychainService,
} from '../../support/keychain-guard.js';
import { clearKeychainService } from '../../support/keychain-account.js';
import { runKeyport, type KeyportRun } from '../../support/run-keyport.js';
import { readAllFiles, tempHome } from '../../support/temp-home.js';
import { startStatefulUpstream, type BearerUpstream } from '../../support/upstreams/bearer-upstreams.js';

describeWithKeychain('keyport token commands (built CLI, real keychain)', () => {
  const token = canaryToken('cafe');
  const rotated = canaryToken('d00d');
  let upstream: BearerUpstream;

  /**
   * A data folder and keychain service of this test's own, with connection `demo` (30 days, quota 5000)
   * already added; every output is checked for the canary tokens when the test ends.
   */
  async function folder() {
    const home = tempHome('cli-tokens');
    const service = uniqueKeychainService('cli');
    const env = { ...process.env, KEYPORT_HOME: home, KEYPORT_KEYCHAIN_SERVICE: service, KEYPORT_PORT: '0' };
    const outputs: KeyportRun[] = [];
    onTestFinished(async () => {
      for (const { file, content } of readAllFiles(home)) {
        expect(content.includes(token), file).toBe(false);
        expect(content.includes(rotated), file).toBe(false);
      }
      for (const output of outputs)
        expect(output.stdout + output.stderr).not.toMatch(new RegExp(`${token}|${rotated}`));
      await clearKeychainService(service);
    });
    const keyport = async (args: string[], input?: string) => {
      const result = await runKeyport(args, { env, ...(input === undefined ? {} : { input }) });
      outputs.push(result);
      return result;
    };
    const list = async () => JSON.parse((await keyport(['list', '--json'])).stdout) as TokenSummary[];
    const added = await keyport(
      ['add', 'demo', '--url', 'https://mcp.example.com/mcp', '--expires', '30d', '--quota', '5000', '--no-verify'],
      `${token}\n`,
    );
    expect(added.code).toBe(0);
    return { home, service, keyport, list };
  }

  beforeAll(async () => {
    upstream = await startStatefulUpstream(token);
  });
  afterAll(async () => {
    await upstream.close();
  });

  it('Given a piped token, when added with --no-verify, then list --json shows it masked with expiry and quota', async () => {
    const { service, list } = await folder();
    const [demo] = await list();
    expect(demo).toMatchObject({
      name: 'demo',
      url: 'https://mcp.example.com/mcp',
      provider: 'example.com',
      kind: 'agent-key',
      masked: 'sk_live_…cafe',
      status: 'ok',
      lastUsedAt: null,
      quota: { limit: 5000, used: 0 },
    });
    const days = (Date.parse(demo?.expiresAt ?? '') - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
    expect(demo?.quota.resetsAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(secretToolSearch(service)).toContain(token);
  });

  it('Given a verified add, then the server name is reported; a wrong token is refused and not stored', async () => {
    const { keyport, list } = await folder();
    const ok = await keyport(['add', 'live', '--url', upstream.url], token);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Verified: stateful-upstream 1.0.0, 2 tools');
    const bad = await keyport(['add', 'wrong', '--url', upstream.url], rotated);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^keyport: .*rejected the token \(HTTP 401\)/);
    expect((await list()).map((summary) => summary.name)).toEqual(['demo', 'live']);
  });

  it.each([
    ['a bad token', ['add', 'bad', '--url', 'https://mcp.example.com/mcp', '--no-verify'], 'bad token', /whitespace/],
    ['an empty token', ['add', 'bad', '--url', 'https://mcp.example.com/mcp', '--no-verify'], '\n', /empty/],
    [
      'a duplicate name',
      ['add', 'demo', '--url', 'https://mcp.example.com/mcp', '--no-verify'],
      'x_token_1',
      /already exists/,
    ],
    [
      'a plain-http remote URL',
      ['add', 'plain', '--url', 'http://mcp.example.com/mcp', '--no-verify'],
      'x',
      /plain http/,
    ],
    ['an invalid name', ['add', 'Bad_Name', '--url', 'https://mcp.example.com/mcp', '--no-verify'], 'x', /lowercase/],
    [
      'a bad quota',
      ['add', 'q', '--url', 'https://a.example/mcp', '--quota', 'lots', '--no-verify'],
      'x',
      /whole number/,
    ],
  ])('Given %s, then it is refused with one clear line on stderr and exit 1', async (_what, args, input, message) => {
    const { keyport } = await folder();
    const result = await keyport(args, input);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('Given rotate, then the new token is live, the old one kept for rollback, and rollback restores it', async () => {
    const { service, keyport, list } = await folder();
    const rotate = await keyport(['rotate', 'demo', '--no-verify'], rotated);
    expect(rotate.code).toBe(0);
    let [demo] = await list();
    expect(demo?.masked).toBe('sk_live_…d00d');
    expect(demo?.previous?.masked).toBe('sk_live_…cafe');
    const stored = secretToolSearch(service);
    expect(stored).toContain(rotated);
    expect(stored).toContain(token);

    const back = await keyport(['rotate', 'demo', '--rollback']);
    expect(back.code).toBe(0);
    [demo] = await list();
    expect(demo?.masked).toBe('sk_live_…cafe');
    expect(demo?.previous).toBeNull();
    expect(secretToolSearch(service)).not.toContain(rotated);
    const again = await keyport(['rotate', 'demo', '--rollback']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/no previous token/);
  });

  it('Given set, pause and resume, then the connection changes accordingly', async () => {
    const { keyport, list } = await folder();
    expect((await keyport(['set', 'demo', '--quota', '100', '--reset-day', '15', '--allow-keyless'])).code).toBe(0);
    expect((await keyport(['pause', 'demo'])).code).toBe(0);
    let [demo] = await list();
    expect(demo).toMatchObject({ status: 'paused', allowKeyless: true, quota: { limit: 100 } });
    expect((await keyport(['resume', 'demo'])).code).toBe(0);
    [demo] = await list();
    expect(demo?.status).toBe('ok');
    expect((await keyport(['set', 'demo'])).stderr).toMatch(/Nothing to change/);
  });

  it('Given accounts, then a token can share an account quota and the account cannot be removed while used', async () => {
    const { keyport } = await folder();
    expect((await keyport(['account', 'set', 'team', '--quota', '25000', '--reset-day', '5'])).code).toBe(0);
    expect((await keyport(['set', 'demo', '--account', 'team'])).code).toBe(0);
    const accounts = JSON.parse((await keyport(['account', 'list', '--json'])).stdout);
    expect(accounts).toMatchObject([{ name: 'team', limit: 25000, resetDay: 5, tokens: ['demo'] }]);
    expect((await keyport(['account', 'remove', 'team'])).stderr).toMatch(/used by demo/);
    expect((await keyport(['set', 'demo', '--account', 'none'])).code).toBe(0);
    expect((await keyport(['account', 'remove', 'team'])).code).toBe(0);
  });

  it('Given the human list and doctor, then they are readable and doctor passes', async () => {
    const { keyport } = await folder();
    const human = await keyport(['list']);
    expect(human.stdout).toMatch(
      /^The token is fine\.\n\nNAME\s+ATTENTION\s+PROVIDER\/KIND\s+TOKEN\s+UPSTREAM\s+EXPIRES\s+LAST USED\s+QUOTA\n/,
    );
    expect(human.stdout).toMatch(/demo\s+ok\s+example\.com\/agent-key\s+sk_live_…cafe/);
    const doctor = await keyport(['doctor']);
    expect(doctor.stdout).toMatch(/ok\s+keychain/);
    expect(doctor.stdout).toMatch(/ok\s+token demo: in the keychain/);
    expect(doctor.code).toBe(0);
  });

  it('Given remove, then the keychain items, metadata and usage are gone', async () => {
    const { home, service, keyport, list } = await folder();
    expect((await keyport(['add', 'live', '--url', upstream.url], token)).code).toBe(0);
    expect((await keyport(['remove', 'demo'])).code).toBe(0);
    expect((await keyport(['remove', 'live'])).code).toBe(0);
    expect(await list()).toEqual([]);
    expect(secretToolSearch(service)).not.toContain('sk_live_');
    expect((await keyport(['remove', 'demo'])).stderr).toMatch(/No connection named "demo"/);
    expect(fs.readFileSync(`${home}/usage.json`, 'utf8')).not.toContain('"demo"');
  });
});
