/**
 * Which desktop notifications are due, as a pure function of state: each comes from a reason of
 * the core's attention model (tokens[].attention), so it says what the list and the tray say.
 * Each event has a key
 * that names its instance (the token's expiry date, the quota period, the current token),
 * so it fires once; the keys of conditions that still hold are remembered across restarts
 * (see notification-state.ts), and a key is forgotten once its condition stops holding.
 */
import type { AttentionReason, ProxyStatus, TokenSummary } from '../src/contract/dto.js';
import type { IpcEvents } from '../src/contract/ipc.js';
import { appText } from '../src/core/app-wording.js';
import { expiryThreshold, quotaPercent, quotaThreshold } from '../src/core/attention.js';
import { assertNever } from '../src/errors.js';
import { formatSpan } from '../src/tokens/time-span.js';

export type NotificationKind = 'expiring' | 'expired' | 'quota' | 'rejected' | 'sign-in' | 'port-taken';

export interface PlannedNotification {
  readonly key: string;
  readonly kind: NotificationKind;
  readonly title: string;
  readonly body: string;
  /** Where a click leads: the view with the fix. */
  readonly action: IpcEvents['ui:navigate'];
}

export interface NotificationInput {
  readonly tokens: readonly TokenSummary[];
  readonly proxy: ProxyStatus;
  /** Days before expiry to warn, e.g. [7, 1]. */
  readonly expiryDays: readonly number[];
  /** Quota percentages to warn at, e.g. [80, 100]. */
  readonly quotaPercents: readonly number[];
  readonly now: Date;
  /** Keys already notified. */
  readonly fired: ReadonlySet<string>;
}

export interface NotificationDecision {
  readonly show: readonly PlannedNotification[];
  /** The keys to remember: every condition that holds now (shown now or before). */
  readonly fired: readonly string[];
}

const rotateView = (token: TokenSummary) => ({ view: 'rotate', name: token.name }) as const;
const tokenView = (token: TokenSummary) => ({ view: 'token', name: token.name }) as const;

function quotaEvent(
  token: TokenSummary,
  reason: AttentionReason,
  input: NotificationInput,
): PlannedNotification | null {
  const threshold = quotaThreshold(quotaPercent(token.quota), input.quotaPercents);
  if (threshold === null || token.quota.limit === null) return null;
  const scope = token.quota.account === null ? token.name : `account ${token.quota.account}`;
  return {
    key: `quota:${token.quota.account === null ? token.name : `@${token.quota.account}`}:${token.quota.resetsAt ?? ''}:${threshold}`,
    kind: 'quota',
    title: threshold >= 100 ? `${scope}: quota used up` : `${scope}: ${threshold} % of the quota used`,
    body: reason.sentence,
    action: tokenView(token),
  };
}

/** The notification one attention reason deserves, if any: the same model as the list and the tray. */
function reasonEvent(
  token: TokenSummary,
  reason: AttentionReason,
  input: NotificationInput,
): PlannedNotification | null {
  switch (reason.code) {
    case 'expired':
      return {
        key: `expired:${token.name}:${token.expiresAt ?? ''}`,
        kind: 'expired',
        title: `${token.name}: token expired`,
        body: reason.sentence,
        action: rotateView(token),
      };
    case 'expiring': {
      const threshold = expiryThreshold(token.expiresAt, input.now, input.expiryDays);
      if (threshold === null || token.expiresAt === null) return null;
      return {
        key: `expiring:${token.name}:${token.expiresAt}:${threshold}`,
        kind: 'expiring',
        title: `${token.name}: token expires in ${formatSpan(Date.parse(token.expiresAt) - input.now.getTime())}`,
        body: reason.sentence,
        action: rotateView(token),
      };
    }
    case 'rejected':
      return {
        key: `rejected:${token.name}:${token.tokenSetAt}`,
        kind: 'rejected',
        title: `${token.name}: the server rejected the token`,
        body: reason.sentence,
        action: rotateView(token),
      };
    case 'sign-in-needed':
      return {
        key: `sign-in:${token.name}:${reason.at ?? ''}`,
        kind: 'sign-in',
        title: `${token.name}: sign-in needed`,
        body: `${reason.sentence} Click to sign in again.`,
        action: tokenView(token),
      };
    case 'quota-used-up':
    case 'quota-high':
      return quotaEvent(token, reason, input);
    // Worth a look in the list and the tray, not an interruption: a check can fail for a moment,
    // a cadence is advice, and the user paused the token themselves.
    case 'unreachable':
    case 'rotation-due':
    case 'paused':
      return null;
    default:
      return assertNever(reason.code);
  }
}

function portTakenEvent(proxy: ProxyStatus): PlannedNotification | null {
  if (proxy.error?.code !== 'PORT_IN_USE') return null;
  return {
    key: `port-taken:${proxy.port ?? 'default'}`,
    kind: 'port-taken',
    title: 'Keyport proxy could not start',
    body: appText(proxy.error.message),
    action: { view: 'settings' },
  };
}

export function decideNotifications(input: NotificationInput): NotificationDecision {
  const active = new Map<string, PlannedNotification>();
  /** Events of paused tokens: not shown, and remembered only if they were shown before the pause. */
  const silenced = new Set<string>();
  const add = (event: PlannedNotification | null, muted = false) => {
    if (event === null) return;
    if (!active.has(event.key)) {
      active.set(event.key, event);
      if (muted) silenced.add(event.key);
    } else if (!muted) silenced.delete(event.key);
  };
  add(portTakenEvent(input.proxy));
  for (const token of input.tokens) {
    for (const reason of token.attention.reasons) add(reasonEvent(token, reason, input), token.paused);
  }
  const show = [...active.values()].filter((event) => !input.fired.has(event.key) && !silenced.has(event.key));
  const fired = [...active.keys()].filter((key) => !silenced.has(key) || input.fired.has(key));
  return { show, fired };
}
