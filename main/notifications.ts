/**
 * Which desktop notifications are due, as a pure function of state. Each event has a key
 * that names its instance (the token's expiry date, the quota period, the current token),
 * so it fires once; the keys of conditions that still hold are remembered across restarts
 * (see notification-state.ts), and a key is forgotten once its condition stops holding.
 */
import type { ProxyStatus, TokenSummary } from '../src/contract/dto.js';
import type { IpcEvents } from '../src/contract/ipc.js';
import { formatSpan, quotaPercent } from './tray-status.js';

export type NotificationKind = 'expiring' | 'expired' | 'quota' | 'rejected' | 'port-taken';

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

const DAY = 24 * 3600_000;

function expiryEvent(token: TokenSummary, input: NotificationInput): PlannedNotification | null {
  if (token.expiresAt === null) return null;
  const left = new Date(token.expiresAt).getTime() - input.now.getTime();
  const rotate = { view: 'rotate', name: token.name } as const;
  if (left <= 0) {
    return {
      key: `expired:${token.name}:${token.expiresAt}`,
      kind: 'expired',
      title: `${token.name}: token expired`,
      body: 'Clients using it now fail. Create a new token at the provider and rotate it in Keyport.',
      action: rotate,
    };
  }
  const threshold = [...input.expiryDays].sort((a, b) => a - b).find((days) => left <= days * DAY);
  if (threshold === undefined) return null;
  return {
    key: `expiring:${token.name}:${token.expiresAt}:${threshold}`,
    kind: 'expiring',
    title: `${token.name}: token expires in ${formatSpan(left)}`,
    body: 'Rotate it before your clients start failing.',
    action: rotate,
  };
}

function quotaEvent(token: TokenSummary, input: NotificationInput): PlannedNotification | null {
  const percent = quotaPercent(token.quota);
  const threshold = [...input.quotaPercents].sort((a, b) => b - a).find((limit) => percent >= limit);
  if (threshold === undefined || token.quota.limit === null) return null;
  const scope = token.quota.account === null ? token.name : `account ${token.quota.account}`;
  const used = `${token.quota.used.toLocaleString('en-US')} of ${token.quota.limit.toLocaleString('en-US')} calls`;
  return {
    key: `quota:${token.quota.account === null ? token.name : `@${token.quota.account}`}:${token.quota.resetsAt ?? ''}:${threshold}`,
    kind: 'quota',
    title: threshold >= 100 ? `${scope}: quota used up` : `${scope}: ${threshold} % of the quota used`,
    body: `${used} this period${token.quota.resetsAt === null ? '' : `; it resets ${token.quota.resetsAt.slice(0, 10)}`}.`,
    action: { view: 'token', name: token.name },
  };
}

function rejectedEvent(token: TokenSummary): PlannedNotification | null {
  if (token.status !== 'rejected') return null;
  return {
    key: `rejected:${token.name}:${token.tokenSetAt}`,
    kind: 'rejected',
    title: `${token.name}: the server rejected the token`,
    body: 'It was revoked or has expired at the provider. Rotate it with a new token.',
    action: { view: 'rotate', name: token.name },
  };
}

function portTakenEvent(proxy: ProxyStatus): PlannedNotification | null {
  if (proxy.error?.code !== 'PORT_IN_USE') return null;
  return {
    key: `port-taken:${proxy.port ?? 'default'}`,
    kind: 'port-taken',
    title: 'Keyport proxy could not start',
    body: proxy.error.message,
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
    add(expiryEvent(token, input), token.paused);
    add(rejectedEvent(token), token.paused);
    add(quotaEvent(token, input), token.paused);
  }
  const show = [...active.values()].filter((event) => !input.fired.has(event.key) && !silenced.has(event.key));
  const fired = [...active.keys()].filter((key) => !silenced.has(key) || input.fired.has(key));
  return { show, fired };
}
