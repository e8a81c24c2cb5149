/**
 * The desktop app's metadata backend: electron-store (conf's API, Electron-aware), in the same
 * data folder and with the same file names as the CLI's conf. electron-store derives the file
 * name from `name` (default "config") and overwrites `configName` with it, so pass both.
 */
import ElectronStore from 'electron-store';
import type { ConfBackend, ConfFactory } from '../src/store/conf-backend.js';

export const electronStoreFactory: ConfFactory = (options) =>
  new ElectronStore<Record<string, unknown>>({ ...options, name: options.configName }) as unknown as ConfBackend;
