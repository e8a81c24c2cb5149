/**
 * A job that runs one call at a time (calls queue behind each other, failures are handed to
 * `onError` and do not stop later calls) and can repeat on a timer that never keeps the app alive.
 */
export interface SerialPoller<T> {
  run(): Promise<T>;
  start(intervalMs: number): void;
  stop(): void;
}

export function createSerialPoller<T>(job: () => Promise<T>, onError: (error: unknown) => T): SerialPoller<T> {
  let running: Promise<unknown> = Promise.resolve();
  let timer: ReturnType<typeof setInterval> | null = null;
  const run = (): Promise<T> => {
    const next = running.then(job).catch(onError);
    running = next;
    return next;
  };
  return {
    run,
    start(intervalMs) {
      if (timer !== null) return;
      timer = setInterval(() => void run(), intervalMs);
      timer.unref?.();
    },
    stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
    },
  };
}
