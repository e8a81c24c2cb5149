/**
 * Tells a request whether it went out on a connection that carried a request before: only such a
 * request may meet the stale keep-alive race (the server closed the idle connection just as the
 * request was sent), which is worth one retry on a new connection. undici publishes
 * `undici:client:sendHeaders` ({ request, headers, socket }, a documented diagnostics channel)
 * right after it calls the handler's `onRequestStart`, synchronously in the same function, so the
 * handler that started last is the one the message is about.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';

const CHANNEL = 'undici:client:sendHeaders';

export interface ReuseTracker {
  /** Call from `onRequestStart`: `heard` learns, before any byte is written, whether the socket was used before. */
  expect(heard: (reused: boolean) => void): void;
  /** The handler that called `expect` was aborted before its headers went out. */
  cancel(heard: (reused: boolean) => void): void;
  dispose(): void;
}

export function createReuseTracker(): ReuseTracker {
  const used = new WeakSet<object>();
  let waiting: ((reused: boolean) => void) | undefined;
  const listener = (message: unknown): void => {
    const socket = (message as { socket?: object }).socket;
    if (socket === undefined) return;
    const heard = waiting;
    waiting = undefined;
    heard?.(used.has(socket));
    used.add(socket);
  };
  // Subscribed on first use: a client that never retries (the bridge's, a CLI check's) costs nothing.
  let subscribed = false;
  return {
    expect(heard) {
      if (!subscribed) {
        subscribe(CHANNEL, listener);
        subscribed = true;
      }
      waiting = heard;
    },
    cancel(heard) {
      if (waiting === heard) waiting = undefined;
    },
    dispose() {
      if (subscribed) unsubscribe(CHANNEL, listener);
      subscribed = false;
    },
  };
}
