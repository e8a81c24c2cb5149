/** An AppRuntime over in-memory services, for boot tests (the real one is core-runtime.ts). */
import { vi } from 'vitest';
import type { AuditEntry, ProxyStatus, SettingsDto, TokenSummary } from '../../../src/contract/dto.js';
import { DEFAULT_SETTINGS } from '../../../src/store/schema.js';
import type { AppRuntime } from '../../../main/runtime.js';
import type { AppServices } from '../../../main/services.js';

export function fakeRuntime(options: { tokens: TokenSummary[]; proxy: ProxyStatus; calls: string[] }) {
  const listeners = new Set<() => void>();
  const auditListeners = new Set<(entries: readonly AuditEntry[]) => void>();
  let settings: SettingsDto = { ...DEFAULT_SETTINGS };
  const notImplemented = async (): Promise<never> => {
    throw new Error('not used in this test');
  };
  const services: AppServices = {
    tokens: {
      list: async () => options.tokens,
      add: notImplemented,
      addOAuth: notImplemented,
      signIn: notImplemented,
      test: notImplemented,
      rotate: notImplemented,
      rollback: notImplemented,
      update: notImplemented,
      remove: notImplemented,
      setPaused: notImplemented,
    },
    usage: { daily: async () => [], accounts: async () => [], audit: async () => [] },
    tools: { view: notImplemented, change: notImplemented },
    clients: {
      list: async () => [],
      preview: notImplemented,
      connect: notImplemented,
      importScan: async () => [],
      importEntries: notImplemented,
    },
    settings: {
      get: () => settings,
      update: async (patch) => (settings = { ...settings, ...patch }),
    },
    proxy: {
      status: () => options.proxy,
      connectionUrl: (name) => `${options.proxy.url}/${name}/mcp`,
      start: vi.fn(async () => {
        options.calls.push('proxy.start');
        return options.proxy;
      }),
      setPaused: async () => options.proxy,
      restart: async () => options.proxy,
      stop: async () => undefined,
      onStatus: () => () => undefined,
    },
  };
  const runtime: AppRuntime = {
    services,
    inspectToken: () => {
      throw new Error('not used');
    },
    externalOrigins: () => new Set(),
    notificationSettings: () => ({
      expiryDays: settings.notifyExpiryDays,
      quotaPercents: settings.notifyQuotaPercents,
    }),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onAuditEntries: (listener) => {
      auditListeners.add(listener);
      return () => auditListeners.delete(listener);
    },
    close: vi.fn(async () => {
      options.calls.push('runtime.close');
    }),
  };
  return {
    runtime,
    changed: () => listeners.forEach((listener) => listener()),
    audit: (entries: readonly AuditEntry[]) => auditListeners.forEach((listener) => listener(entries)),
  };
}
