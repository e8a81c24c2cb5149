import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { createKeychainTokenVault } from '../../../src/keychain/keychain-token-vault.js';
import { createMemorySecretStore } from '../../../src/keychain/memory-secret-store.js';
import { silentLogger } from '../../../src/logger.js';
import { startHealthSchedule } from '../../../src/proxy/health-schedule.js';
import { createUsageMeter } from '../../../src/proxy/usage-meter.js';
import { emptyMetadata } from '../../../src/store/empty-documents.js';
import { createMemoryUsageStore } from '../../../src/store/memory-metadata-store.js';
import type { Connection } from '../../../src/store/schema.js';
import { credentialSourceOver } from '../../support/bearer-credential.js';
import { connectionFixture } from '../../support/connection-fixture.js';

const clock = fixedClock('2026-03-10T10:00:00.000Z');

function connection(name: string, paused = false): Connection {
  return connectionFixture(name, { paused });
}

describe('health schedule', () => {
  it('Given connections at start, then each unpaused one is checked with its token and the result lands in usage.json', async () => {
    const metadata = emptyMetadata();
    metadata.connections = { good: connection('good'), revoked: connection('revoked'), idle: connection('idle', true) };
    const usage = createMemoryUsageStore();
    const meter = createUsageMeter({ usage, clock, logger: silentLogger, flushIntervalMs: 3_600_000 });
    const vault = createKeychainTokenVault({
      store: createMemorySecretStore({ 'token:good': 'tok-good', 'token:revoked': 'tok-old' }),
    });
    const seen: string[] = [];
    const schedule = startHealthSchedule({
      metadata: () => metadata,
      credentials: credentialSourceOver(vault),
      meter,
      clock,
      logger: silentLogger,
      checkAtStart: false,
      verify: async (target, credential) => {
        const token = credential.secret;
        seen.push(`${target.name}:${token}`);
        return { state: token === 'tok-good' ? 'ok' : 'rejected', checkedAt: clock.now().toISOString(), detail: null };
      },
    });
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
