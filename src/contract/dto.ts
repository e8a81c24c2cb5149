/**
 * Data shapes shared by the core's faces: `keyport list --json`, the IPC contract
 * and the renderer. Readonly, plain JSON, never a secret (tokens appear masked only).
 */
import type { ErrorInfo } from './errors.js';

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorInfo };

/** ok / expiring (≤ 7 days) / expired come from the expiry date; rejected from the upstream; paused by the user. */
export type TokenStatus = 'ok' | 'expiring' | 'expired' | 'rejected' | 'paused';

export type HealthState = 'ok' | 'rejected' | 'unreachable' | 'unknown';

export interface QuotaSummary {
  /** Calls allowed per period; null when no quota is set. */
  readonly limit: number | null;
  /** Counted calls in the current period (without a quota: this calendar month). */
  readonly used: number;
  /** Start of the next period (ISO 8601); null without a quota. */
  readonly resetsAt: string | null;
  /** The shared account that carries the quota, or null when it is the token's own. */
  readonly account: string | null;
  /** What the provider last reported in RateLimit headers, when it did. */
  readonly provider: {
    readonly limit: number | null;
    readonly remaining: number | null;
    readonly resetAt: string | null;
  } | null;
}

export interface TokenSummary {
  readonly name: string;
  readonly url: string;
  readonly provider: string;
  readonly kind: string;
  readonly masked: string;
  readonly status: TokenStatus;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
  readonly quota: QuotaSummary;
  /** When the current token was stored (add or last rotation). */
  readonly tokenSetAt: string;
  readonly ageDays: number;
  /** Older than the rotation cadence (never true for... see README: a never-expiring token is flagged via expiresAt null). */
  readonly rotationDue: boolean;
  readonly health: { readonly state: HealthState; readonly checkedAt: string; readonly detail: string | null } | null;
  readonly paused: boolean;
  readonly allowKeyless: boolean;
  /** A rollback is possible until `until`. */
  readonly previous: { readonly masked: string; readonly until: string } | null;
}

/** `7d`, `30d`, `90d`, `1y`, `never`, or a date `YYYY-MM-DD`. */
export type ExpiryInput = string;

export interface AddTokenInput {
  readonly name: string;
  readonly url: string;
  /** The secret. Crosses IPC renderer → main exactly once and is never sent back. */
  readonly token: string;
  readonly expires?: ExpiryInput;
  readonly quota?: number;
  readonly resetDay?: number;
  readonly account?: string;
  readonly allowKeyless?: boolean;
  /** Verify with an MCP initialize before saving (default true). */
  readonly verify?: boolean;
}

export interface UpdateTokenInput {
  readonly name: string;
  readonly url?: string;
  readonly expires?: ExpiryInput;
  /** null removes the token's own quota. */
  readonly quota?: number | null;
  readonly resetDay?: number;
  /** null detaches the token from its account. */
  readonly account?: string | null;
  readonly allowKeyless?: boolean;
}

export interface RotateTokenInput {
  readonly name: string;
  readonly token: string;
  readonly verify?: boolean;
  readonly expires?: ExpiryInput;
}

export interface VerifyResult {
  readonly serverName: string;
  readonly serverVersion: string | null;
  readonly toolCount: number | null;
}

export interface AccountSummary {
  readonly name: string;
  readonly limit: number;
  readonly resetDay: number;
  readonly used: number;
  readonly resetsAt: string;
  readonly tokens: readonly string[];
}

export interface DailyCalls {
  /** Local date YYYY-MM-DD. */
  readonly date: string;
  readonly calls: number;
}

export interface AuditEntry {
  readonly time: string;
  readonly client: string | null;
  readonly connection: string;
  readonly method: string | null;
  readonly tool: string | null;
  readonly status: number;
  readonly latencyMs: number;
}

export interface AuditFilter {
  readonly connection?: string;
  readonly client?: string;
  readonly method?: string;
  readonly status?: number;
  readonly limit?: number;
}

export type ClientState = 'connected' | 'not-connected' | 'config-not-found';

export interface ClientIntegration {
  /** Row id from the client table, e.g. `cursor`, `vscode`, `claude-desktop`. */
  readonly id: string;
  readonly label: string;
  readonly configPath: string;
  readonly state: ClientState;
  /** Connection names this client is connected to through Keyport. */
  readonly connected: readonly string[];
}

export interface ConnectPreview {
  readonly client: string;
  readonly configPath: string;
  readonly snippet: string;
  /** Unified diff against the current file (local keys masked). */
  readonly diff: string;
}

export interface ConnectResult {
  readonly client: string;
  readonly configPath: string;
  readonly backupPath: string | null;
  readonly changed: boolean;
}

export interface ImportCandidate {
  readonly client: string;
  readonly configPath: string;
  readonly entry: string;
  readonly masked: string;
  readonly url: string | null;
  readonly provider: string;
  /** The connection name the import would use: the entry's slug, unique against existing connections. */
  readonly suggestedName: string;
}

export interface ProxyStatus {
  readonly running: boolean;
  readonly port: number | null;
  readonly url: string | null;
  readonly paused: boolean;
  readonly error: ErrorInfo | null;
}

export interface SettingsDto {
  readonly port: number | null;
  readonly maxBodyBytes: number;
  readonly countedCalls: 'tools/call' | 'all';
  readonly hardStopAtQuota: boolean;
  readonly checkIntervalHours: number;
  readonly rotationCadenceDays: number;
  readonly notifyExpiryDays: readonly number[];
  readonly notifyQuotaPercents: readonly number[];
  readonly startAtLogin: boolean;
}
