/**
 * The events main pushes to the renderer as the runtime changes — the one wiring that boot.ts and
 * the e2e harness share: metadata/usage changes → `refresh` (which publishes `tokens:changed`),
 * new audit log lines → one `audit:entry` each (the live Activity view), proxy status →
 * `proxy:status` and a refresh.
 */
import type { AppRuntime } from '../runtime.js';
import type { EventPublisher } from './events.js';

export interface RuntimeEventOptions {
  readonly runtime: Pick<AppRuntime, 'onChange' | 'onAuditEntries' | 'services'>;
  readonly publish: EventPublisher;
  /** Re-reads the tokens and publishes `tokens:changed` (boot also updates the tray and notifications). */
  readonly refresh: () => void;
}

/** Starts forwarding; returns a function that stops it. */
export function forwardRuntimeEvents(options: RuntimeEventOptions): () => void {
  const { runtime, publish, refresh } = options;
  const offChange = runtime.onChange(refresh);
  const offAudit = runtime.onAuditEntries((entries) => {
    for (const entry of entries) publish('audit:entry', entry);
  });
  const offStatus = runtime.services.proxy.onStatus((status) => {
    publish('proxy:status', status);
    refresh();
  });
  return () => {
    offStatus();
    offAudit();
    offChange();
  };
}
