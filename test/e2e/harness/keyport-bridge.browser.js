/* global window, fetch, EventSource, __KEYPORT_CHANNELS__ */
/**
 * The page side of the e2e harness, injected (plain JS, untransformed) before the renderer's own
 * scripts: defines `window.keyport` — the KeyportApi shape the preload exposes — over fetch to
 * `/api/<channel>` and one EventSource on `/api/events`. It talks only to the page's own origin,
 * so the built page and its CSP stay exactly as shipped. `__KEYPORT_CHANNELS__` is replaced with
 * the channel list by keyport-bridge.ts.
 */
(function installKeyportBridge(channels) {
  const call = async (channel, args) => {
    try {
      const response = await fetch(`/api/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ args }),
      });
      return await response.json();
    } catch {
      return { ok: false, error: { code: 'INTERNAL', message: 'The harness did not answer.' } };
    }
  };
  const listeners = new Map();
  let source = null;
  const subscribe = (event) => {
    source = source ?? new EventSource('/api/events');
    if (listeners.has(event)) return;
    listeners.set(event, new Set());
    source.addEventListener(event, (message) => {
      const payload = JSON.parse(message.data);
      for (const listener of listeners.get(event) ?? []) listener(payload);
    });
  };
  const api = {
    on: (event, listener) => {
      subscribe(event);
      listeners.get(event).add(listener);
      return () => listeners.get(event)?.delete(listener);
    },
  };
  for (const channel of channels) api[channel] = (...args) => call(channel, args);
  Object.defineProperty(window, 'keyport', { value: Object.freeze(api), writable: false, configurable: false });
})(__KEYPORT_CHANNELS__);
