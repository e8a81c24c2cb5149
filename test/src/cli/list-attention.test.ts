// `keyport list` triage through the built CLI: the ten-token state seeded by the real core (real
// keychain, real MCP upstreams that accept, reject or are not there), then `list` as a child process.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AttentionCode, TokenSummary } from '../../../src/contract/dto.js';
import { createCoreContext } from '../../../src/core/create-core-context.js';
import { silentLogger } from '../../../src/logger.js';
import { freePort } from '../../e2e/harness/free-port.js';
import { canaryToken, describeWithKeychain, uniqueKeychainService } from '../../support/keychain-guard.js';
import { runKeyport, type KeyportRun } from '../../support/run-keyport.js';
import { LONG_NAME, seedTenTokens, TEN_WORST_FIRST, type SeededTokens } from '../../support/ten-tokens.js';
import { tempHome } from '../../support/temp-home.js';
import { startStatefulUpstream, type BearerUpstream } from '../../support/upstreams/bearer-upstreams.js';

describeWithKeychain('keyport list: what needs attention comes first (built CLI, real keychain)', () => {
  const home = tempHome('cli-attention');
  const service = uniqueKeychainService('cli-attention');
  const env = { ...process.env, KEYPORT_HOME: home, KEYPORT_KEYCHAIN_SERVICE: service, KEYPORT_PORT: '0' };
  const accepted = canaryToken('acce');
  const outputs: KeyportRun[] = [];
  let accepting: BearerUpstream;
  let rejecting: BearerUpstream;
  let seeded: SeededTokens;

  const keyport = async (args: string[]) => {
    const result = await runKeyport(args, { env });
    outputs.push(result);
    return result;
  };
  const reasonsOf = (token: TokenSummary | undefined): AttentionCode[] =>
    token?.attention.reasons.map((reason) => reason.code) ?? [];

  beforeAll(async () => {
    accepting = await startStatefulUpstream(accepted);
    rejecting = await startStatefulUpstream(canaryToken('0the'));
    seeded = await seedTenTokens({
      context: (clock) =>
        createCoreContext({ env: { KEYPORT_KEYCHAIN_SERVICE: service }, dataDir: home, logger: silentLogger, clock }),
      now: new Date(),
      accepting: { url: accepting.url, token: accepted },
      rejectingUrl: rejecting.url,
      unreachableUrl: `http://127.0.0.1:${await freePort()}/mcp`,
    });
  });
  afterAll(async () => {
    for (const name of seeded?.names ?? []) await runKeyport(['remove', name], { env });
    await accepting?.close();
    await rejecting?.close();
  });

  it('Given the ten tokens, when listed as JSON, then every token carries its attention level and reasons', async () => {
    const run = await keyport(['list', '--json']);
    expect(run.code).toBe(0);
    const list = JSON.parse(run.stdout) as TokenSummary[];
    expect(list).toHaveLength(10);
    for (const token of list) {
      expect(['critical', 'warning', 'ok']).toContain(token.attention.level);
      expect(Array.isArray(token.attention.reasons)).toBe(true);
      for (const reason of token.attention.reasons) {
        expect(reason).toMatchObject({ code: expect.any(String), sentence: expect.any(String) });
      }
    }
    const byName = new Map(list.map((token) => [token.name, token]));
    expect(reasonsOf(byName.get('ci-deploy-legacy'))).toEqual(['expired', 'rotation-due']);
    expect(reasonsOf(byName.get('github-work'))).toEqual(['rejected']);
    expect(byName.get('github-work')?.attention.reasons[0]).toMatchObject({ level: 'critical', detail: 'HTTP 401' });
    expect(byName.get('github-work')?.tokenPageUrl).toBe('https://github.com/settings/tokens');
    expect(reasonsOf(byName.get('docs-mirror'))).toEqual(['unreachable']);
    expect(byName.get('docs-mirror')?.attention.reasons[0]?.detail).toMatch(/ECONNREFUSED|reach/);
    expect(byName.get('docs-mirror')?.status).toBe('unreachable');
    expect(reasonsOf(byName.get('stripe-billing'))).toEqual(['expiring']);
    expect(byName.get('stripe-billing')?.attention.reasons[0]?.label).toMatch(/^Expires in (1 day|2 days)$/);
    expect(reasonsOf(byName.get('search-agent'))).toEqual(['quota-high']);
    expect(byName.get('search-agent')?.attention.reasons[0]?.label).toBe('Quota 95 %');
    expect(reasonsOf(byName.get('sandbox-experiments'))).toEqual(['paused']);
    for (const fine of [LONG_NAME, 'team-pool-alpha', 'team-pool-beta', 'notes-assistant']) {
      expect(byName.get(fine)?.attention, fine).toEqual({ level: 'ok', reasons: [] });
    }
    // Worst first in JSON too (the default sort).
    expect(list.slice(0, 2).map((token) => token.name)).toEqual(['ci-deploy-legacy', 'github-work']);
  });

  it('Given the ten tokens, when listed for a human, then the summary opens it and attention comes before fine tokens', async () => {
    const run = await keyport(['list']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('6 of 10 tokens need attention (2 critical, 4 warnings).');
    expect(lines[2]).toMatch(/^NAME\s+ATTENTION\s+PROVIDER\/KIND\s+TOKEN\s+UPSTREAM\s+EXPIRES\s+LAST USED\s+QUOTA$/);
    const rows = lines.slice(3, 13).map((line) => line.split(/\s+/)[0]);
    expect(rows).toEqual([...TEN_WORST_FIRST]);
    expect(lines[3]).toMatch(/^ci-deploy-legacy\s+critical: Expired, Rotation due\s/);
    expect(lines[5]).toMatch(/^docs-mirror\s+warning: Unreachable\s/);
    expect(lines[7]).toMatch(/^search-agent\s+warning: Quota 95 %\s.*19\/20, resets/);
    expect(lines[11]).toMatch(new RegExp(`^${LONG_NAME}\\s+ok\\s`));
    // Then, per token, why and the command that fixes it.
    expect(run.stdout).toContain(
      '\ngithub-work — fix: keyport rotate github-work\n  The server rejected the token (HTTP 401) 40 min ago;',
    );
    expect(run.stdout).toContain(
      '\ndocs-mirror — fix: keyport check docs-mirror\n  The server could not be reached at the last check, 12 min ago: ',
    );
    expect(run.stdout).toContain('\nsandbox-experiments — fix: keyport resume sandbox-experiments\n  Paused:');
    expect(run.stdout).toMatch(
      /\nsearch-agent\n {2}95 % of the quota used: 19 of 20 calls; it resets on \d{4}-\d{2}-\d{2}\.\n/,
    );
  });

  it('Given --sort, then the order follows the key; an unknown key is one line naming the choices', async () => {
    const byName = await keyport(['list', '--sort', 'name']);
    expect(byName.stdout.split('\n')[3]).toMatch(/^analytics-warehouse/);
    const byQuota = JSON.parse((await keyport(['list', '--json', '--sort', 'quota'])).stdout) as TokenSummary[];
    expect(byQuota[0]?.name).toBe('search-agent');
    const byExpiry = JSON.parse((await keyport(['list', '--json', '--sort', 'expiry'])).stdout) as TokenSummary[];
    expect(byExpiry[0]?.name).toBe('ci-deploy-legacy');
    expect((await keyport(['list', '--sort', 'last-used'])).code).toBe(0);
    const bad = await keyport(['list', '--sort', 'worst']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toBe(
      'keyport: Unknown sort "worst": use one of attention, name, expiry, last-used, quota (--sort attention is the default).\n',
    );
  });

  it('Then no stored token appears in any output', () => {
    for (const output of outputs) {
      for (const secret of seeded.secrets) expect(output.stdout + output.stderr).not.toContain(secret);
    }
  });
});
