/**
 * What needs attention, per token: a level (critical | warning | ok) and the reasons behind it,
 * worst first, each with a code, a chip's label, one sentence and the fix. The CLI's `list`, the
 * tray, the notifications and the UI all show this one model. Pure: `now` and the thresholds (the
 * user's warning settings) are passed in.
 */
import type {
  Attention,
  AttentionCode,
  AttentionFix,
  AttentionReason,
  HealthState,
  QuotaSummary,
} from '../contract/dto.js';
import { assertNever } from '../errors.js';
import { localDateKey } from '../tokens/local-date.js';
import { formatAgo, formatCount, formatSpan } from '../tokens/time-span.js';

const DAY_MS = 86_400_000;

/** The user's warning settings: days before expiry and quota percentages (notifyExpiryDays, notifyQuotaPercents). */
export interface AttentionThresholds {
  readonly expiryDays: readonly number[];
  readonly quotaPercents: readonly number[];
}

export const DEFAULT_ATTENTION_THRESHOLDS: AttentionThresholds = { expiryDays: [7, 1], quotaPercents: [80, 100] };

/** An OAuth connection whose sign-in lapsed, or whose server wants more scope (token-summary.ts feeds it). */
export interface SignInState {
  readonly since: string | null;
  readonly detail: string | null;
}

export interface AttentionInput {
  readonly paused: boolean;
  readonly expiresAt: string | null;
  readonly health: {
    readonly state: HealthState;
    readonly checkedAt: string;
    readonly detail: string | null;
  } | null;
  readonly quota: Pick<QuotaSummary, 'limit' | 'used' | 'resetsAt' | 'account'>;
  readonly ageDays: number;
  readonly rotationDue: boolean;
  readonly rotationCadenceDays: number;
  readonly signIn?: SignInState | null;
}

/** Worst first: what breaks calls now, then what will, then what is worth a look. */
export const ATTENTION_ORDER: readonly AttentionCode[] = [
  'expired',
  'rejected',
  'sign-in-needed',
  'quota-used-up',
  'unreachable',
  'expiring',
  'quota-high',
  'rotation-due',
  'paused',
];

function levelOf(code: AttentionCode): AttentionReason['level'] {
  switch (code) {
    case 'expired':
    case 'rejected':
    case 'sign-in-needed':
    case 'quota-used-up':
      return 'critical';
    case 'unreachable':
    case 'expiring':
    case 'quota-high':
    case 'rotation-due':
    case 'paused':
      return 'warning';
    default:
      return assertNever(code);
  }
}

function reason(
  code: AttentionCode,
  fields: { label: string; sentence: string; fix: AttentionFix | null; detail?: string | null; at?: string | null },
): AttentionReason {
  return {
    code,
    level: levelOf(code),
    label: fields.label,
    sentence: fields.sentence,
    detail: fields.detail ?? null,
    at: fields.at ?? null,
    fix: fields.fix,
  };
}

/** The smallest warning threshold (days) the expiry is within; null when expired, never expiring or not yet. */
export function expiryThreshold(expiresAt: string | null, now: Date, days: readonly number[]): number | null {
  if (expiresAt === null) return null;
  const left = Date.parse(expiresAt) - now.getTime();
  if (left <= 0) return null;
  const within = days.filter((limit) => limit > 0 && left <= limit * DAY_MS);
  return within.length === 0 ? null : Math.min(...within);
}

/** Share of the quota used, in percent (0 without a quota). */
export function quotaPercent(quota: Pick<QuotaSummary, 'limit' | 'used'>): number {
  if (quota.limit === null || quota.limit <= 0) return 0;
  return (quota.used / quota.limit) * 100;
}

/** The highest warning percentage the usage has reached; null below all of them. */
export function quotaThreshold(percent: number, percents: readonly number[]): number | null {
  const crossed = percents.filter((limit) => percent >= limit);
  return crossed.length === 0 ? null : Math.max(...crossed);
}

const withStop = (text: string): string => (/[.!?]$/.test(text) ? text : `${text}.`);

function expiryReason(input: AttentionInput, now: Date, thresholds: AttentionThresholds): AttentionReason | null {
  if (input.expiresAt === null) return null;
  const left = Date.parse(input.expiresAt) - now.getTime();
  const date = localDateKey(new Date(input.expiresAt));
  if (left <= 0) {
    return reason('expired', {
      label: 'Expired',
      sentence: `Expired ${formatSpan(left)} ago (${date}); calls with it fail until a new token is rotated in.`,
      at: input.expiresAt,
      fix: 'rotate',
    });
  }
  if (expiryThreshold(input.expiresAt, now, thresholds.expiryDays) === null) return null;
  return reason('expiring', {
    label: `Expires in ${formatSpan(left)}`,
    sentence: `Expires in ${formatSpan(left)} (${date}); rotate it before clients start failing.`,
    at: input.expiresAt,
    fix: 'rotate',
  });
}

/** "HTTP 401" out of a longer message, when it holds a status. */
function statusOf(detail: string | null): string | null {
  if (detail === null) return null;
  return /HTTP \d{3}/.exec(detail)?.[0] ?? detail;
}

function healthReason(input: AttentionInput, now: Date): AttentionReason | null {
  const health = input.health;
  if (health === null) return null;
  switch (health.state) {
    case 'rejected': {
      const detail = statusOf(health.detail);
      return reason('rejected', {
        label: 'Rejected',
        sentence:
          `The server rejected the token${detail ? ` (${detail})` : ''} ${formatAgo(health.checkedAt, now)}; ` +
          'it was revoked or has expired at the provider, so it needs a new one.',
        detail,
        at: health.checkedAt,
        fix: 'rotate',
      });
    }
    case 'unreachable':
      return reason('unreachable', {
        label: 'Unreachable',
        sentence: withStop(
          `The server could not be reached at the last check, ${formatAgo(health.checkedAt, now)}` +
            (health.detail ? `: ${health.detail}` : ''),
        ),
        detail: health.detail,
        at: health.checkedAt,
        fix: 'test-again',
      });
    case 'ok':
    case 'unknown':
      return null;
    default:
      return assertNever(health.state);
  }
}

function quotaReason(input: AttentionInput, thresholds: AttentionThresholds): AttentionReason | null {
  const { limit, used, account, resetsAt } = input.quota;
  if (limit === null) return null;
  const percent = quotaPercent(input.quota);
  const resets = resetsAt === null ? '' : `; it resets on ${localDateKey(new Date(resetsAt))}`;
  if (percent >= 100) {
    const who = account === null ? 'This token has' : `Account ${account} has`;
    return reason('quota-used-up', {
      label: 'Quota used up',
      sentence: `${who} used all ${formatCount(limit)} calls of this period (${formatCount(used)} counted)${resets}.`,
      fix: null,
    });
  }
  const below100 = thresholds.quotaPercents.filter((limitPercent) => limitPercent < 100);
  if (quotaThreshold(percent, below100) === null) return null;
  const shown = Math.floor(percent);
  const whose = account === null ? 'the quota' : `account ${account}'s shared quota`;
  return reason('quota-high', {
    label: `Quota ${shown} %`,
    sentence: `${shown} % of ${whose} used: ${formatCount(used)} of ${formatCount(limit)} calls${resets}.`,
    fix: null,
  });
}

function signInReason(input: AttentionInput, now: Date): AttentionReason | null {
  const signIn = input.signIn;
  if (!signIn) return null;
  return reason('sign-in-needed', {
    label: 'Sign-in needed',
    sentence: withStop(
      `Sign-in needed${signIn.since ? ` since ${formatAgo(signIn.since, now)}` : ''}` +
        (signIn.detail ? `: ${signIn.detail}` : '; clients cannot use it until you sign in again'),
    ),
    detail: signIn.detail,
    at: signIn.since,
    fix: 'sign-in',
  });
}

function rotationReason(input: AttentionInput): AttentionReason | null {
  if (!input.rotationDue) return null;
  return reason('rotation-due', {
    label: 'Rotation due',
    sentence: `Set ${input.ageDays} days ago, past the ${input.rotationCadenceDays}-day rotation cadence; rotate it when convenient.`,
    fix: 'rotate',
  });
}

function pausedReason(input: AttentionInput): AttentionReason | null {
  if (!input.paused) return null;
  return reason('paused', {
    label: 'Paused',
    sentence: 'Paused: the proxy refuses its calls until it is resumed.',
    fix: 'resume',
  });
}

const rank = (code: AttentionCode): number => ATTENTION_ORDER.indexOf(code);

export function tokenAttention(
  input: AttentionInput,
  now: Date,
  thresholds: AttentionThresholds = DEFAULT_ATTENTION_THRESHOLDS,
): Attention {
  const reasons = [
    expiryReason(input, now, thresholds),
    healthReason(input, now),
    signInReason(input, now),
    quotaReason(input, thresholds),
    rotationReason(input),
    pausedReason(input),
  ]
    .filter((found): found is AttentionReason => found !== null)
    .sort((a, b) => rank(a.code) - rank(b.code));
  return { level: reasons[0]?.level ?? 'ok', reasons };
}
