/**
 * Runs the notification decisions: on every state change and on a timer (expiry creeps up
 * without any event), shows what is due and remembers it. No Electron here: `show` is injected.
 */
import type { Logger } from '../src/logger.js';
import { decideNotifications, type NotificationInput, type PlannedNotification } from './notifications.js';
import type { NotificationStateFile } from './notification-state.js';
import { createSerialPoller } from '../src/serial-poller.js';

export interface NotificationSchedulerOptions {
  readonly state: NotificationStateFile;
  /** The current tokens, proxy status and notification settings. */
  readonly snapshot: () => Promise<Omit<NotificationInput, 'fired'>>;
  readonly show: (notification: PlannedNotification) => void;
  readonly logger: Logger;
}

export interface NotificationScheduler {
  /** Decide and show; safe to call often (calls are serialised). */
  check(): Promise<readonly PlannedNotification[]>;
  /** Re-check every `intervalMs` until stopped. */
  start(intervalMs: number): void;
  stop(): void;
}

export function createNotificationScheduler(options: NotificationSchedulerOptions): NotificationScheduler {
  let fired = options.state.read();

  const checkOnce = async (): Promise<readonly PlannedNotification[]> => {
    const decision = decideNotifications({ ...(await options.snapshot()), fired });
    const next = new Set(decision.fired);
    const changed = next.size !== fired.size || [...next].some((key) => !fired.has(key));
    fired = next;
    if (changed) options.state.write(fired);
    for (const notification of decision.show) options.show(notification);
    return decision.show;
  };

  const poller = createSerialPoller<readonly PlannedNotification[]>(checkOnce, (error) => {
    options.logger.warn('notification check failed', { error: error instanceof Error ? error.name : 'unknown' });
    return [];
  });
  return { check: poller.run, start: poller.start, stop: poller.stop };
}
