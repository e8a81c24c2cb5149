import { useEffect, useRef } from 'react';
import type { IpcEvent, IpcEvents } from '../../../src/contract/ipc.js';
import { useApi } from '../api-context.js';

/** Subscribes to a main-process event for the component's lifetime; the latest listener always runs. */
export function useKeyportEvent<E extends IpcEvent>(event: E, listener: (payload: IpcEvents[E]) => void): void {
  const api = useApi();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => api.on(event, (payload) => latest.current(payload)), [api, event]);
}
