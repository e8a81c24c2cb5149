/**
 * Runs the proxy core inside the app: start on the resolved port, pause (stop listening) and
 * resume, restart after a port change, stop with usage flushed. A failure to start (e.g. the
 * port is taken) is kept in the status — the app stays up and says what to do.
 */
import type { ProxyStatus } from '../src/contract/dto.js';
import { KeyportError, toErrorInfo, type ErrorInfo } from '../src/errors.js';
import type { Logger } from '../src/logger.js';
import type { ProxyController } from './services.js';

/** What the proxy core returns once listening (a subset of src/proxy's RunningProxy). */
export interface ListeningProxy {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export interface ProxyControllerOptions {
  /** Starts the proxy core on `port` (0 = any free port). */
  readonly start: (port: number) => Promise<ListeningProxy>;
  /** The port to use now (flag/env/setting/default, resolved like `keyport serve`). */
  readonly port: () => number;
  readonly logger: Logger;
}

export function createProxyController(options: ProxyControllerOptions): ProxyController {
  const listeners = new Set<(status: ProxyStatus) => void>();
  let running: ListeningProxy | null = null;
  let paused = false;
  let error: ErrorInfo | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const status = (): ProxyStatus => ({
    running: running !== null,
    port: running?.port ?? safePort(),
    url: running?.url ?? null,
    paused,
    error,
  });
  const safePort = (): number | null => {
    try {
      return options.port();
    } catch {
      return null;
    }
  };
  const changed = () => {
    const snapshot = status();
    for (const listener of listeners) listener(snapshot);
    return snapshot;
  };
  /** Operations run one at a time, in order. */
  const serial = <T>(operation: () => Promise<T>): Promise<T> => {
    const next = queue.then(operation, operation);
    queue = next.catch(() => undefined);
    return next;
  };

  const startNow = async () => {
    if (running !== null) return;
    try {
      running = await options.start(options.port());
      error = null;
      options.logger.info('proxy listening', { port: running.port });
    } catch (failure) {
      error = toErrorInfo(failure);
      options.logger.warn('proxy did not start', { code: error.code });
    }
  };
  const stopNow = async () => {
    const current = running;
    running = null;
    if (current !== null) await current.close();
  };

  return {
    status,
    connectionUrl(name) {
      if (running === null) {
        throw new KeyportError(
          'UPSTREAM_UNREACHABLE',
          paused ? 'The proxy is paused; resume it from the tray first.' : 'The proxy is not running; see Settings.',
        );
      }
      return `${running.url}/${encodeURIComponent(name)}/mcp`;
    },
    start: () =>
      serial(async () => {
        paused = false;
        await startNow();
        return changed();
      }),
    setPaused: (pause) =>
      serial(async () => {
        paused = pause;
        if (pause) {
          await stopNow();
          error = null;
        } else await startNow();
        return changed();
      }),
    restart: () =>
      serial(async () => {
        await stopNow();
        if (!paused) await startNow();
        return changed();
      }),
    stop: () =>
      serial(async () => {
        await stopNow();
        changed();
      }),
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
