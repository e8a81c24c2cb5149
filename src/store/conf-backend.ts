/**
 * The slice of the `conf` API the stores use. The CLI passes the JSON-file backend
 * (json-file-backend.ts, conf's reading rules without conf); the desktop app passes
 * `new ElectronStore(options)` (conf's API). `store` reads the whole file from disk
 * on every get (JSON.parse errors propagate). The stores never write through a backend: they
 * write the file themselves with writeFileAtomic (json-document.ts).
 */
export interface ConfBackend {
  readonly path: string;
  readonly store: Record<string, unknown>;
  _closeWatcher?(): void;
}

/** Options every backend gets: conf and electron-store both accept exactly these. */
export interface ConfBackendOptions {
  readonly cwd: string;
  readonly configName: string;
  readonly fileExtension: 'json';
  /** Owner-only files: the metadata is not secret, but it is nobody else's business. */
  readonly configFileMode: number;
  readonly accessPropertiesByDotNotation: false;
  /** Never silently empty an invalid file: the store moves it aside and says where. */
  readonly clearInvalidConfig: false;
  /** The stores watch the folder themselves (conf polls every ~5 s on Linux). */
  readonly watch: false;
}

export type ConfFactory = (options: ConfBackendOptions) => ConfBackend;

/** Owner-only files: the metadata is not secret, but it is nobody else's business. */
export const CONF_FILE_MODE = 0o600;

export function confBackendOptions(cwd: string, configName: string): ConfBackendOptions {
  return {
    cwd,
    configName,
    fileExtension: 'json',
    configFileMode: CONF_FILE_MODE,
    accessPropertiesByDotNotation: false,
    clearInvalidConfig: false,
    watch: false,
  };
}
