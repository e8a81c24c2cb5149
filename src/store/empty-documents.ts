/** The contents of a fresh data folder. */
import { DEFAULT_SETTINGS, METADATA_VERSION, type ConnectionUsage, type Metadata, type UsageFile } from './schema.js';

export function emptyMetadata(): Metadata {
  return {
    version: METADATA_VERSION,
    connections: {},
    accounts: {},
    clients: {},
    settings: structuredClone(DEFAULT_SETTINGS),
  };
}

export function emptyUsage(): UsageFile {
  return { version: METADATA_VERSION, connections: {}, accounts: {}, clients: {} };
}

export function emptyConnectionUsage(): ConnectionUsage {
  return {
    lastUsedAt: null,
    period: null,
    totalRequests: 0,
    byMethod: {},
    byClient: {},
    daily: {},
    health: null,
    providerQuota: null,
  };
}
