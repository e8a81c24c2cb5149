/**
 * Data shapes shared by the core's faces: `keyport list --json`, the IPC contract
 * and the renderer. Readonly, plain JSON, never a secret (tokens appear masked only).
 */
import type { ErrorInfo } from './errors.js';

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorInfo };

/**
 * ok / expiring (≤ 7 days) / expired come from the expiry date; rejected and unreachable from the
 * last check or call upstream; paused by the user. `attention` says more (see Attention).
 */
export type TokenStatus = 'ok' | 'expiring' | 'expired' | 'rejected' | 'unreachable' | 'paused';

/** critical: calls fail now or will at once; warning: something will bite soon or needs a look. */
export type AttentionLevel = 'critical' | 'warning' | 'ok';

/** Why a token needs attention; ATTENTION_ORDER in src/core/attention.ts ranks them worst first. */
export type AttentionCode =
  | 'expired'
  | 'rejected'
  | 'sign-in-needed'
  | 'quota-used-up'
  | 'unreachable'
  | 'expiring'
  | 'quota-high'
  | 'rotation-due'
  | 'paused';

/** The one action that fixes a reason; each face words it its own way (a button, a command). */
export type AttentionFix = 'rotate' | 'resume' | 'sign-in' | 'test-again';

export interface AttentionReason {
  readonly code: AttentionCode;
  readonly level: Exclude<AttentionLevel, 'ok'>;
  /** A chip's words: "Expired", "Quota 95 %", "Unreachable". */
  readonly label: string;
  /** One sentence every face can show (no command, no button name): what is wrong, since when. */
  readonly sentence: string;
  /** What the server or the check said, short (e.g. "HTTP 401"); null when there is nothing. */
  readonly detail: string | null;
  /** When it happened or will happen (the failed check, the expiry); null when timeless. */
  readonly at: string | null;
  /** The primary fix; null when none is Keyport's to offer (a quota runs until its reset). */
  readonly fix: AttentionFix | null;
}

export interface Attention {
  /** The worst level among the reasons; ok when there are none. */
  readonly level: AttentionLevel;
  /** Worst first; empty when the token is fine. */
  readonly reasons: readonly AttentionReason[];
}

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
  /** What needs attention, worst first (src/core/attention.ts). */
  readonly attention: Attention;
  /** The provider's page for managing such tokens (https), when the format table knows it. */
  readonly tokenPageUrl: string | null;
  /** Where the secret goes: header templates (`X-API-Key: {token}`) and the query parameter, if any. */
  readonly headers: readonly HeaderTemplateDto[];
  readonly queryParam: string | null;
  /** Kind `command`: the command line and how long its token is used. */
  readonly tokenCommand: { readonly line: string; readonly ttlSeconds: number } | null;
  /** Kind `oauth`: the sign-in's state (never a token). */
  readonly oauth: OAuthSummary | null;
}

export interface HeaderTemplateDto {
  /** Lower case, e.g. `x-api-key`. */
  readonly name: string;
  /** `{token}` marks where the secret goes. */
  readonly template: string;
}

export interface OAuthSummary {
  /** The scope granted at the last sign-in or refresh. */
  readonly scope: string | null;
  readonly signedInAt: string | null;
  /** When the current access token expires (the proxy refreshes it before). */
  readonly accessExpiresAt: string | null;
  /** When the sign-in itself lapses, when the server said. */
  readonly signInExpiresAt: string | null;
  /** Why a new sign-in is needed (refresh refused, signed out), or null. */
  readonly signInNeeded: { readonly since: string; readonly detail: string } | null;
  /** A scope the server asked for that the next sign-in adds. */
  readonly moreScope: string | null;
  readonly clientSource: 'pre-registered' | 'metadata-document' | 'dynamic';
}

/** `7d`, `30d`, `90d`, `1y`, `never`, or a date `YYYY-MM-DD`. */
export type ExpiryInput = string;

/** What every new connection may set besides its credential. */
export interface NewConnectionOptions {
  readonly expires?: ExpiryInput;
  readonly quota?: number;
  readonly resetDay?: number;
  readonly account?: string;
  readonly allowKeyless?: boolean;
  /** A CA (PEM text) the upstream's certificate may chain to, besides the usual ones. */
  readonly ca?: string;
}

export interface AddTokenInput extends NewConnectionOptions {
  readonly name: string;
  readonly url: string;
  /** The secret (none with `tokenCommand`). Crosses IPC renderer → main exactly once and is never sent back. */
  readonly token?: string;
  /** Header templates; default `Authorization: Bearer {token}`. */
  readonly headers?: readonly HeaderTemplateDto[];
  /** Also send the token as this query parameter (URLs leak: a warning is shown). */
  readonly queryParam?: string;
  /** A command that prints the token (kind `command`), run without a shell. */
  readonly tokenCommand?: string;
  /** How long the command's token is used (default 300 s). */
  readonly tokenTtlSeconds?: number;
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
  /** A CA (PEM text) for the upstream; null removes it. */
  readonly ca?: string | null;
  /** Header templates; null restores `Authorization: Bearer {token}`. */
  readonly headers?: readonly HeaderTemplateDto[] | null;
  /** null stops sending the token in the query string. */
  readonly queryParam?: string | null;
  /** Kind `command` only: a new command line. */
  readonly tokenCommand?: string;
  readonly tokenTtlSeconds?: number;
}

/** `keyport add --oauth` and the app's "Sign in with OAuth". */
export interface AddOAuthInput extends NewConnectionOptions {
  readonly name: string;
  readonly url: string;
  /** The scope to ask for (default: the server's challenge, else its scopes_supported). */
  readonly scope?: string;
  /** A pre-registered client. */
  readonly clientId?: string;
  /** Its secret, if it has one (never on a command line: stdin or the hidden prompt). */
  readonly clientSecret?: string;
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

/** What a tool rule lets through when no pattern names a tool: every tool, none, or read-only ones. */
export type ToolRuleBase = 'all' | 'none' | 'read-only';

export interface ToolRuleDto {
  readonly base: ToolRuleBase;
  readonly allow: readonly string[];
  readonly deny: readonly string[];
  /** The rule in words: "every tool except ticks", "only echo", "read-only tools". */
  readonly text: string;
}

/** A tool's annotations as its server gave them (hints, not guarantees). */
export interface ToolAnnotationsDto {
  readonly title?: string;
  readonly readOnlyHint?: boolean;
  readonly destructiveHint?: boolean;
  readonly idempotentHint?: boolean;
  readonly openWorldHint?: boolean;
}

export interface ToolRow {
  readonly name: string;
  readonly title: string | null;
  readonly description: string | null;
  readonly annotations: ToolAnnotationsDto;
  /** Under the connection's rule (every client without its own, and keyless requests). */
  readonly allowed: boolean;
  /** Per client, in the order of ToolPolicyView.clients. */
  readonly byClient: readonly boolean[];
}

/** A connection's tools and who may use them (`keyport tools <name> --json`, the app's Tools tab). */
export interface ToolPolicyView {
  readonly connection: string;
  /** live: listed just now; cache: the last live list (the upstream failed, see `problem`); none: never listed. */
  readonly source: 'live' | 'cache' | 'none';
  readonly listedAt: string | null;
  readonly serverName: string | null;
  /** Why a live list was not possible, when it was tried and failed. */
  readonly problem: string | null;
  /** The connection's rule; null: every tool. */
  readonly rule: ToolRuleDto | null;
  /** Every client key (and any client with a rule), by name; rule null: it follows the connection's. */
  readonly clients: readonly { readonly name: string; readonly rule: ToolRuleDto | null }[];
  readonly tools: readonly ToolRow[];
}

/** A change to one scope's tool rule: the connection's (client null) or one client's. */
export type ToolRuleChangeInput =
  | { readonly kind: 'deny' | 'allow' | 'only'; readonly tools: readonly string[] }
  | { readonly kind: 'read-only' | 'reset' };

export interface AuditEntry {
  readonly time: string;
  readonly client: string | null;
  readonly connection: string;
  readonly method: string | null;
  readonly tool: string | null;
  readonly status: number;
  readonly latencyMs: number;
  /** True when the tool policy denied the call and the proxy answered it (`tool` names it); absent otherwise. */
  readonly denied?: true;
}

export interface AuditFilter {
  readonly connection?: string;
  readonly client?: string;
  readonly method?: string;
  readonly status?: number;
  /** Only failed calls: HTTP status 400 and above, no answer at all, or denied by the tool policy. */
  readonly errorsOnly?: boolean;
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
