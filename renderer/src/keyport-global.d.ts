import type { KeyportApi } from '../../src/contract/ipc.js';

declare global {
  interface Window {
    /** Exposed by the preload (or the e2e harness); the renderer's only way out. */
    readonly keyport: KeyportApi;
  }
}
