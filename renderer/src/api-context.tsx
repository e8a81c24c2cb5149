import { createContext, useContext, type ReactNode } from 'react';
import type { KeyportApi } from '../../src/contract/ipc.js';

const ApiContext = createContext<KeyportApi | null>(null);

export function ApiProvider({ api, children }: { readonly api: KeyportApi; readonly children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

/** The typed `window.keyport` bridge, passed in by the root (tests pass a fake). */
export function useApi(): KeyportApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi needs an <ApiProvider>.');
  return api;
}
