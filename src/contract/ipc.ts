/**
 * The one IPC contract between the renderer and the main process: channel → signature.
 * Main's handlers and the preload are generic over these keys; the renderer reaches
 * them only through `window.keyport` (see KeyportApi). Every call resolves to a
 * Result — errors never throw across the boundary. Types only: no runtime code.
 */
import type {
  AccountSummary,
  AddOAuthInput,
  AddTokenInput,
  AuditEntry,
  AuditFilter,
  HeaderTemplateDto,
  ClientIntegration,
  ConnectPreview,
  ConnectResult,
  DailyCalls,
  ImportCandidate,
  ProxyStatus,
  Result,
  RotateTokenInput,
  SettingsDto,
  TokenSummary,
  ToolPolicyView,
  ToolRuleChangeInput,
  UpdateTokenInput,
  VerifyResult,
} from './dto.js';

export interface IpcContract {
  'tokens:list': () => TokenSummary[];
  'tokens:add': (input: AddTokenInput) => TokenSummary;
  /** Signs in with OAuth in the browser (main runs the flow; no token ever reaches the renderer). */
  'tokens:add-oauth': (input: AddOAuthInput) => TokenSummary;
  /** Signs an OAuth connection in again (a lapsed sign-in, or more scope). */
  'tokens:sign-in': (input: { readonly name: string }) => TokenSummary;
  /** Test a token before saving it (token given) or a saved connection (name given). */
  'tokens:test': (
    input:
      | { readonly url: string; readonly token: string; readonly headers?: readonly HeaderTemplateDto[] }
      | { readonly name: string },
  ) => VerifyResult;
  'tokens:rotate': (input: RotateTokenInput) => TokenSummary;
  'tokens:rollback': (input: { readonly name: string }) => TokenSummary;
  /** Expiry, quota, account, keyless access, header templates, token command; never the URL (see main/ipc/schemas.ts). */
  'tokens:update': (input: Omit<UpdateTokenInput, 'url'>) => TokenSummary;
  'tokens:remove': (input: { readonly name: string }) => null;
  'tokens:set-paused': (input: { readonly name: string; readonly paused: boolean }) => TokenSummary;
  'usage:daily': (input: { readonly name: string; readonly days: number }) => DailyCalls[];
  /** A connection's tools and who may use them; `live` lists them upstream first (else the cached list). */
  'tools:view': (input: { readonly name: string; readonly live: boolean }) => ToolPolicyView;
  /** Changes the connection's tool rule (client null) or one client's; answers with the new view. */
  'tools:change': (input: {
    readonly name: string;
    readonly client: string | null;
    readonly change: ToolRuleChangeInput;
  }) => ToolPolicyView;
  'accounts:list': () => AccountSummary[];
  'audit:list': (filter: AuditFilter) => AuditEntry[];
  'clients:list': () => ClientIntegration[];
  'clients:preview': (input: { readonly client: string; readonly names: readonly string[] }) => ConnectPreview;
  'clients:connect': (input: { readonly client: string; readonly names: readonly string[] }) => ConnectResult;
  'clients:import-scan': () => ImportCandidate[];
  'clients:import': (input: {
    readonly entries: readonly { readonly client: string; readonly entry: string; readonly name: string }[];
  }) => TokenSummary[];
  'settings:get': () => SettingsDto;
  'settings:update': (input: Partial<SettingsDto>) => SettingsDto;
  'proxy:status': () => ProxyStatus;
  'proxy:copy-url': (input: { readonly name: string }) => string;
}

export type IpcChannel = keyof IpcContract;
export type IpcArgs<C extends IpcChannel> = Parameters<IpcContract[C]>;
export type IpcValue<C extends IpcChannel> = ReturnType<IpcContract[C]>;

/** Events main pushes to the renderer. */
export interface IpcEvents {
  'tokens:changed': TokenSummary[];
  'audit:entry': AuditEntry;
  'proxy:status': ProxyStatus;
  /** Ask the renderer to open a view, e.g. the rotate dialog from the tray. */
  'ui:navigate': {
    readonly view: 'tokens' | 'token' | 'rotate' | 'clients' | 'activity' | 'settings';
    readonly name?: string;
  };
}

export type IpcEvent = keyof IpcEvents;

/** What the preload exposes as `window.keyport`: one method per channel, one subscription per event. */
export type KeyportApi = {
  readonly [C in IpcChannel]: (...args: IpcArgs<C>) => Promise<Result<IpcValue<C>>>;
} & {
  readonly on: <E extends IpcEvent>(event: E, listener: (payload: IpcEvents[E]) => void) => () => void;
};
