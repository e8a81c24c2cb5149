import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { createNotificationScheduler } from '../../main/notification-scheduler.js';
import { createNotificationStateFile } from '../../main/notification-state.js';
import type { PlannedNotification } from '../../main/notifications.js';
import { tempHome } from '../support/temp-home.js';
import { NOW, PORT_TAKEN_PROXY, daysFromNow, tokenSummary } from './support/fixtures.js';

function startScheduler(dataDir: string, shown: PlannedNotification[]) {
  return createNotificationScheduler({
    state: createNotificationStateFile(dataDir),
    snapshot: async () => ({
      tokens: [tokenSummary({ name: 'gh', status: 'expiring', expiresAt: daysFromNow(3) })],
      proxy: PORT_TAKEN_PROXY,
      expiryDays: [7, 1],
      quotaPercents: [80, 100],
      now: NOW,
    }),
    show: (notification) => shown.push(notification),
    logger: silentLogger,
  });
}

describe('notification scheduler', () => {
  it('Given due notifications, When checked twice and after a restart, Then each is shown once', async () => {
    const dataDir = tempHome('notify');
    const shown: PlannedNotification[] = [];
    const scheduler = startScheduler(dataDir, shown);
    await Promise.all([scheduler.check(), scheduler.check()]);
    expect(shown.map((event) => event.kind).sort()).toEqual(['expiring', 'port-taken']);

    const restarted = startScheduler(dataDir, shown);
    await restarted.check();
    expect(shown).toHaveLength(2);
  });

  it('Given an unreadable state file, Then it starts afresh instead of failing', async () => {
    const dataDir = tempHome('notify-corrupt');
    const state = createNotificationStateFile(dataDir);
    writeFileSync(state.path, '{ not json');
    const shown: PlannedNotification[] = [];
    await startScheduler(dataDir, shown).check();
    expect(shown).toHaveLength(2);
    expect(state.read().size).toBe(2);
  });
});
