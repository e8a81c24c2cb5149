/**
 * What the desktop app needs from the core, as narrow interfaces. The IPC handlers, the tray
 * and the notifications depend on these; `core-services.ts` implements them over the core.
 */
import type {
  AccountSummary,
  AddOAuthInput,
  AddTokenInput,
  AuditEntry,
  AuditFilter,
  ClientIntegration,
  ConnectPreview,
  ConnectResult,
  DailyCalls,
  ImportCandidate,
  ProxyStatus,
  RotateTokenInput,
  SettingsDto,
  TokenSummary,
  ToolPolicyView,
  ToolRuleChangeInput,
  UpdateTokenInput,
  VerifyResult,
} from '../src/contract/dto.js';
import type { TestTokenInput } from '../src/core/token-service.js';

export type { TestTokenInput };

export interface TokenOperations {
  list(): Promise<TokenSummary[]>;
  add(input: AddTokenInput): Promise<TokenSummary>;
  /** OAuth sign-in in the user's browser; resolves once signed in and verified. */
  addOAuth(input: AddOAuthInput): Promise<TokenSummary>;
  /** Signs an OAuth connection in again. */
  signIn(name: string): Promise<TokenSummary>;
  test(input: TestTokenInput): Promise<VerifyResult>;
  rotate(input: RotateTokenInput): Promise<TokenSummary>;
  rollback(name: string): Promise<TokenSummary>;
  update(input: UpdateTokenInput): Promise<TokenSummary>;
  remove(name: string): Promise<void>;
  setPaused(name: string, paused: boolean): Promise<TokenSummary>;
}

export interface UsageQueries {
  daily(name: string, days: number): Promise<DailyCalls[]>;
  accounts(): Promise<AccountSummary[]>;
  audit(filter: AuditFilter): Promise<AuditEntry[]>;
}

/** The tool policy (`keyport tools`): a connection's tools and who may use them, and changes to its rules. */
export interface ToolPolicyOperations {
  view(name: string, options: { readonly live: boolean }): Promise<ToolPolicyView>;
  change(name: string, client: string | null, change: ToolRuleChangeInput): Promise<ToolPolicyView>;
}

export interface ClientOperations {
  list(): Promise<ClientIntegration[]>;
  preview(client: string, names: readonly string[]): Promise<ConnectPreview>;
  connect(client: string, names: readonly string[]): Promise<ConnectResult>;
  importScan(): Promise<ImportCandidate[]>;
  importEntries(
    entries: readonly { readonly client: string; readonly entry: string; readonly name: string }[],
  ): Promise<TokenSummary[]>;
}

export interface SettingsOperations {
  get(): SettingsDto;
  update(patch: Partial<SettingsDto>): Promise<SettingsDto>;
}

export interface ProxyController {
  status(): ProxyStatus;
  /** `http://127.0.0.1:<port>/<name>/mcp`; throws when the proxy is not running. */
  connectionUrl(name: string): string;
  start(): Promise<ProxyStatus>;
  /** Stops listening (paused = true) or starts again. */
  setPaused(paused: boolean): Promise<ProxyStatus>;
  restart(): Promise<ProxyStatus>;
  /** Stops and flushes usage. */
  stop(): Promise<void>;
  onStatus(listener: (status: ProxyStatus) => void): () => void;
}

export interface AppServices {
  readonly tokens: TokenOperations;
  readonly usage: UsageQueries;
  readonly tools: ToolPolicyOperations;
  readonly clients: ClientOperations;
  readonly settings: SettingsOperations;
  readonly proxy: ProxyController;
}
