/**
 * Re-checks every connection's token with an MCP initialize (no tool call, no quota spent) at
 * start and then every `checkIntervalHours` (re-read every minute: a change applies without a
 * restart), so a token revoked at the provider is flagged before an agent needs it. Results go to
 * usage.json through the meter.
 */
import type { Clock } from '../clock.js';
import type { TokenVault } from '../keychain/token-vault.js';
import type { Logger } from '../logger.js';
import type { Connection, Health, Metadata } from '../store/schema.js';
import type { UsageMeter } from './usage-meter.js';

/** Verifies one connection's token; resolves to its health (never throws for upstream answers). */
export type HealthVerifier = (connection: Connection, token: string) => Promise<Health>;

export interface HealthSchedule {
  /** Checks every connection now (or the given names); resolves when all results are recorded. */
  runNow(names?: readonly string[]): Promise<ReadonlyMap<string, Health>>;
  /** Resolves once the check at start (if any) has recorded its results. */
  readonly started: Promise<void>;
  stop(): void;
}

export function startHealthSchedule(options: {
  readonly metadata: () => Metadata;
  readonly vault: TokenVault;
  readonly meter: UsageMeter;
  readonly verify: HealthVerifier;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly checkAtStart?: boolean;
  /**
   * How often the interval setting is re-read (default 1 minute), so `keyport config set
   * checkIntervalHours` reaches a running proxy without a restart.
   */
  readonly settingPollMs?: number;
}): HealthSchedule {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const checkOne = async (connection: Connection): Promise<Health> => {
    let token: string;
    try {
      token = await options.vault.get(connection.name);
    } catch (error) {
      return {
        state: 'unknown',
        checkedAt: options.clock.now().toISOString(),
        detail: (error as { code?: string }).code ?? 'keychain error',
      };
    }
    try {
      return await options.verify(connection, token);
    } catch {
      return { state: 'unreachable', checkedAt: options.clock.now().toISOString(), detail: 'check failed' };
    }
  };

  const runNow = async (names?: readonly string[]) => {
    const connections = Object.values(options.metadata().connections).filter(
      (connection) => !connection.paused && (names === undefined || names.includes(connection.name)),
    );
    const results = new Map<string, Health>();
    await Promise.all(
      connections.map(async (connection) => {
        const health = await checkOne(connection);
        results.set(connection.name, health);
        options.meter.setHealth(connection.name, health);
        if (health.state !== 'ok') {
          options.logger.warn('Health check failed', { connection: connection.name, state: health.state });
        }
      }),
    );
    await options.meter.flush();
    return results;
  };

  const intervalMs = () => options.metadata().settings.checkIntervalHours * 3_600_000;
  const pollMs = options.settingPollMs ?? 60_000;
  let lastStarted = Date.now();

  const runScheduled = (): Promise<void> => {
    lastStarted = Date.now();
    return runNow()
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(schedule);
  };

  // Wakes at the next check or after pollMs, whichever is first, and looks at the setting again.
  function schedule(): void {
    if (stopped) return;
    const wait = Math.min(pollMs, Math.max(0, lastStarted + intervalMs() - Date.now()), 2 ** 31 - 1);
    timer = setTimeout(() => {
      if (Date.now() - lastStarted >= intervalMs()) runScheduled();
      else schedule();
    }, wait);
    timer.unref();
  }

  let started = Promise.resolve();
  if (options.checkAtStart !== false) started = runScheduled();
  else schedule();

  return {
    runNow,
    started,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
