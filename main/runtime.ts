/**
 * The desktop app's view of the core once it is wired: services for IPC and the tray, the token
 * format table for the tray and rotate-from-clipboard, and change notifications. boot.ts needs
 * only this interface; core-runtime.ts builds it from the real core.
 */
import type { AuditEntry } from '../src/contract/dto.js';
import type { Logger } from '../src/logger.js';
import type { LoginItem } from './login-item.js';
import type { InspectedToken } from './rotate-from-clipboard.js';
import type { AppServices } from './services.js';

export interface AppRuntime {
  readonly services: AppServices;
  /** Validates a pasted token and says which provider and kind it is (for that upstream). */
  readonly inspectToken: (raw: string, upstreamUrl: string) => InspectedToken;
  /** Origins external links may open (the providers' token pages). */
  readonly externalOrigins: () => ReadonlySet<string>;
  readonly notificationSettings: () => {
    readonly expiryDays: readonly number[];
    readonly quotaPercents: readonly number[];
  };
  /** Metadata or usage changed (this process or the CLI). */
  onChange(listener: () => void): () => void;
  /** New audit log entries as the proxy writes them (for the live Activity view). */
  onAuditEntries(listener: (entries: readonly AuditEntry[]) => void): () => void;
  /** Stops the proxy (flushing usage) and closes the stores. */
  close(): Promise<void>;
}

export interface CreateRuntimeOptions {
  readonly dataDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly loginItem: LoginItem;
  readonly logger: Logger;
  /** Electron run from source (`electron .`): the app folder, which the bridge command must name. */
  readonly unpackagedAppPath?: string | undefined;
}

export type CreateRuntime = (options: CreateRuntimeOptions) => Promise<AppRuntime>;
