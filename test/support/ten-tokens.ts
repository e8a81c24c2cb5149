/**
 * The ten-token state a developer's day runs on, seeded through the real core (token and account
 * services, the keychain, the usage store) — the state the UI review used: one expired (and due for
 * rotation), one expiring in 2 days, one at 95 % of its quota, one the upstream rejects, one whose
 * upstream cannot be reached, one paused, a long name, two tokens sharing an account quota, and a
 * busy token without a quota. Past moments (an add 100 days ago, a check 40 minutes ago) are the
 * core's own, run with its clock set back.
 */
import { randomBytes } from 'node:crypto';
import { fixedClock } from '../../src/clock.js';
import type { CoreContext } from '../../src/core/context.js';
import { createAccountService } from '../../src/core/account-service.js';
import { createTokenService } from '../../src/core/token-service.js';
import { localDateKey } from '../../src/tokens/local-date.js';
import { quotaPeriod } from '../../src/tokens/quota-period.js';

export const LONG_NAME = 'analytics-warehouse-reporting-pipeline-production-eu-west-1';
export const ACCOUNT = 'team-pool';

/** The order every face lists them in, worst first (`keyport list`, the Tokens view, the tray). */
export const TEN_WORST_FIRST: readonly string[] = [
  'ci-deploy-legacy',
  'github-work',
  'docs-mirror',
  'stripe-billing',
  'search-agent',
  'sandbox-experiments',
  // Fine tokens: the next expiry first, never-expiring last.
  'team-pool-alpha',
  'team-pool-beta',
  LONG_NAME,
  'notes-assistant',
];

export interface TenTokenSetup {
  /** A core context over the app's data folder and keychain, on the given clock. */
  readonly context: (clock: ReturnType<typeof fixedClock>) => CoreContext;
  readonly now: Date;
  /** An upstream that accepts `token` (the long-named and the busy token use it). */
  readonly accepting: { readonly url: string; readonly token: string };
  /** An upstream that answers 401 to any other token (github-work's). */
  readonly rejectingUrl: string;
  /** A loopback URL where nothing listens. */
  readonly unreachableUrl: string;
}

export interface SeededTokens {
  readonly names: readonly string[];
  /** Every secret stored, for canary checks. */
  readonly secrets: readonly string[];
}

const DAY = 86_400_000;
const MINUTE = 60_000;

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** `count` calls spread over the local days from `from` to `to`, most of them recent. */
function spreadDaily(count: number, from: Date, to: Date): Record<string, number> {
  const days: string[] = [];
  for (let at = from.getTime(); at <= to.getTime(); at += DAY) days.push(localDateKey(new Date(at)));
  if (!days.includes(localDateKey(to))) days.push(localDateKey(to));
  const weights = days.map((_, index) => 1 + ((index * 7) % 5) + index);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const daily: Record<string, number> = {};
  let left = count;
  days.forEach((day, index) => {
    const share = index === days.length - 1 ? left : Math.floor((count * (weights[index] ?? 0)) / total);
    daily[day] = (daily[day] ?? 0) + share;
    left -= share;
  });
  return daily;
}

export async function seedTenTokens(setup: TenTokenSetup): Promise<SeededTokens> {
  const { now } = setup;
  const clock = fixedClock(now);
  const context = setup.context(clock);
  const tokens = createTokenService(context, { verifyTimeoutMs: 3000 });
  const accounts = createAccountService(context);
  const secrets: string[] = [];
  const add = async (
    name: string,
    token: string,
    options: { url?: string; daysAgo?: number; expires?: string; quota?: number; account?: string } = {},
  ) => {
    clock.set(new Date(now.getTime() - (options.daysAgo ?? 3) * DAY));
    secrets.push(token);
    await tokens.add({
      name,
      url: options.url ?? `https://mcp.${name.split('-')[0]}.example.com/mcp`,
      token,
      verify: false,
      ...(options.expires ? { expires: options.expires } : {}),
      ...(options.quota ? { quota: options.quota } : {}),
      ...(options.account ? { account: options.account } : {}),
    });
  };
  const periodStart = quotaPeriod(1, now).start.toISOString();
  const calls = async (name: string, count: number, lastUsedMinutesAgo: number) => {
    const from = new Date(now.getTime() - 29 * DAY);
    await context.usage.apply({
      connections: {
        [name]: {
          calls: { periodStart, count },
          requests: count,
          byMethod: { 'tools/call': count },
          daily: spreadDaily(count, new Date(Math.max(from.getTime(), Date.parse(periodStart))), now),
          lastUsedAt: new Date(now.getTime() - lastUsedMinutesAgo * MINUTE).toISOString(),
        },
      },
    });
  };

  try {
    await add('ci-deploy-legacy', `st_live_${hex(16)}`, { daysAgo: 100, expires: '90d' });
    await add('stripe-billing', `sk_live_${hex(32)}`, { daysAgo: 28, expires: '30d', quota: 25000 });
    await add('search-agent', `mp_${hex(20)}`, { daysAgo: 12, expires: '90d', quota: 20 });
    await add('github-work', `ghp_${hex(18)}`, { daysAgo: 40, url: setup.rejectingUrl, expires: '1y' });
    await add('docs-mirror', `alk_svc_${hex(16)}`, { daysAgo: 20, url: setup.unreachableUrl, expires: '90d' });
    await add('sandbox-experiments', `sk_test_${hex(32)}`, { daysAgo: 5, expires: '30d' });
    await add(LONG_NAME, setup.accepting.token, { daysAgo: 30, url: setup.accepting.url, expires: '1y', quota: 5000 });
    clock.set(now);
    await accounts.set({ name: ACCOUNT, quota: 25000, resetDay: 1 });
    await add('team-pool-alpha', `st_live_${hex(16)}`, { daysAgo: 15, account: ACCOUNT, expires: '90d' });
    await add('team-pool-beta', `st_live_${hex(16)}`, { daysAgo: 15, account: ACCOUNT, expires: '90d' });
    await add('notes-assistant', setup.accepting.token, { daysAgo: 45, url: setup.accepting.url, expires: 'never' });

    // What the upstreams said at the last checks: a rejection 40 minutes ago, no answer 12 minutes ago.
    clock.set(new Date(now.getTime() - 40 * MINUTE));
    await tokens.test({ name: 'github-work' }).catch(() => undefined);
    clock.set(new Date(now.getTime() - 12 * MINUTE));
    await tokens.test({ name: 'docs-mirror' }).catch(() => undefined);
    clock.set(now);
    await tokens.setPaused('sandbox-experiments', true);

    // What the proxy counted this period (the meter's own deltas).
    await calls('search-agent', 19, 4);
    await calls(LONG_NAME, 1234, 90);
    await calls('team-pool-alpha', 7000, 20);
    await calls('team-pool-beta', 5400, 200);
    await calls('notes-assistant', 860, 2);
    await calls('stripe-billing', 3100, 60 * 26);
    await context.usage.apply({ accounts: { [ACCOUNT]: { periodStart, count: 12400 } } });
    const names = (await tokens.list()).map((summary) => summary.name);
    return { names, secrets };
  } finally {
    context.metadata.close();
    context.usage.close();
  }
}
