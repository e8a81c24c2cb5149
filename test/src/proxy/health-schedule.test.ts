import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { createKeychainTokenVault } from '../../../src/keychain/keychain-token-vault.js';
import { createMemorySecretStore } from '../../../src/keychain/memory-secret-store.js';
import { silentLogger } from '../../../src/logger.js';
import { startHealthSchedule, type HealthVerifier } from '../../../src/proxy/health-schedule.js';
import { createUsageMeter } from '../../../src/proxy/usage-meter.js';
import { emptyMetadata } from '../../../src/store/empty-documents.js';
import { createMemoryUsageStore } from '../../../src/store/memory-metadata-store.js';
import type { Connection, Metadata } from '../../../src/store/schema.js';
import { connectionFixture } from '../../support/connection-fixture.js';

const clock = fixedClock('2026-03-10T10:00:00.000Z');

function connection(name: string, paused = false): Connection {
  return connectionFixture(name, { paused });
}

/** A schedule over memory stores with the given tokens (checkAtStart off: the tests start checks). */
function scheduleOver(
  metadata: Metadata,
  tokens: Record<string, string>,
  verify: HealthVerifier,
  extra: { readonly settingPollMs?: number } = {},
) {
  const usage = createMemoryUsageStore();
  const meter = createUsageMeter({ usage, clock, logger: silentLogger, flushIntervalMs: 3_600_000 });
  const vault = createKeychainTokenVault({
    store: createMemorySecretStore(
      Object.fromEntries(Object.entries(tokens).map(([name, token]) => [`token:${name}`, token])),
    ),
  });
  const schedule = startHealthSchedule({
    metadata: () => metadata,
    vault,
    meter,
    clock,
    logger: silentLogger,
    checkAtStart: false,
    verify,
    ...extra,
  });
  return { usage, meter, schedule };
}

describe('health schedule', () => {
  it('Given connections at start, then each unpaused one is checked with its token and the result lands in usage.json', async () => {
    const metadata = emptyMetadata();
    metadata.connections = { good: connection('good'), revoked: connection('revoked'), idle: connection('idle', true) };
    const seen: string[] = [];
    const { usage, meter, schedule } = scheduleOver(
      metadata,
      { good: 'tok-good', revoked: 'tok-old' },
      async (target, token) => {
        seen.push(`${target.name}:${token}`);
        return { state: token === 'tok-good' ? 'ok' : 'rejected', checkedAt: clock.now().toISOString(), detail: null };
      },
    );
    const results = await schedule.runNow();
    schedule.stop();
    expect(seen.sort()).toEqual(['good:tok-good', 'revoked:tok-old']);
    expect(results.get('revoked')?.state).toBe('rejected');
    expect(usage.read().connections.good?.health?.state).toBe('ok');
    expect(usage.read().connections.revoked?.health?.state).toBe('rejected');
    expect(usage.read().connections.idle).toBeUndefined();
    await meter.close();
  });
});

describe('health schedule interval', () => {
  it('Given a long interval, When checkIntervalHours is lowered while it runs, Then the next check follows the new value without a restart', async () => {
    const metadata = emptyMetadata();
    metadata.connections = { good: connection('good') };
    metadata.settings.checkIntervalHours = 1000;
    let checks = 0;
    const { meter, schedule } = scheduleOver(
      metadata,
      { good: 'tok-good' },
      async () => {
        checks += 1;
        return { state: 'ok', checkedAt: clock.now().toISOString(), detail: null };
      },
      { settingPollMs: 10 },
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(checks).toBe(0);
      metadata.settings.checkIntervalHours = 0.00001; // 36 ms
      await expect.poll(() => checks, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    } finally {
      schedule.stop();
      await meter.close();
    }
  });
});
