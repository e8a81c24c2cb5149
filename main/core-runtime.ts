/**
 * The app's runtime over the real core — the same parts as the CLI and `keyport serve`:
 * createCoreContext with electron-store as the metadata backend (same folder, same files),
 * the OS keychain vault, the token and account services, the proxy core, the client
 * integrations. Everything Electron-specific stays in boot.ts.
 */
import { homedir } from 'node:os';
import type { AuditEntry, SettingsDto } from '../src/contract/dto.js';
import { createAccountService } from '../src/core/account-service.js';
import type { CoreContext } from '../src/core/context.js';
import { createCoreContext } from '../src/core/create-core-context.js';
import { resolvePort } from '../src/core/resolve-port.js';
import { createOAuthService } from '../src/core/oauth-service.js';
import { createTokenService } from '../src/core/token-service.js';
import { systemBrowserOpener } from '../src/credentials/oauth/open-browser.js';
import { createToolPolicyService } from '../src/core/tool-policy-service.js';
import type { SecretStore } from '../src/keychain/secret-store.js';
import { currentHost } from '../src/clients/config-path.js';
import { currentLauncher } from '../src/clients/launcher.js';
import type { HealthVerifier } from '../src/proxy/health-schedule.js';
import { defaultHealthVerifier } from '../src/proxy/upstream-health.js';
import { auditLogPath } from '../src/proxy/audit-log.js';
import { createAuditTail } from '../src/proxy/audit-reader.js';
import { startProxy } from '../src/proxy/start-proxy.js';
import type { ConfFactory } from '../src/store/conf-backend.js';
import { SettingsSchema, type Settings } from '../src/store/schema.js';
import { maskToken } from '../src/tokens/mask-token.js';
import { TOKEN_FORMATS, detectTokenFormat, providerFor } from '../src/tokens/token-formats.js';
import { validateToken } from '../src/tokens/validate-token.js';
import { createClientOperations } from './client-operations.js';
import { electronStoreFactory } from './electron-store-backend.js';
import type { LoginItem } from './login-item.js';
import { createProxyController } from './proxy-controller.js';
import type { InspectedToken } from './rotate-from-clipboard.js';
import type { AppRuntime, CreateRuntimeOptions } from './runtime.js';
import type { SettingsOperations } from './services.js';
import { createUsageQueries } from './usage-queries.js';
import { originsOf } from './web-policy.js';

export interface CoreRuntimeOptions extends CreateRuntimeOptions {
  /** Tests: a memory SecretStore instead of the OS keychain. */
  readonly secretStore?: SecretStore;
  /** Tests: conf instead of electron-store. */
  readonly confFactory?: ConfFactory;
  /** The binary Claude Desktop should run for the bridge (default: process.execPath). */
  readonly execPath?: string;
  /** Tests outside Electron: the Electron version to assume (default: process.versions.electron). */
  readonly electronVersion?: string;
  /** Health checks against upstreams (default: the same MCP initialize check as `keyport serve`). */
  readonly healthVerifier?: HealthVerifier;
  /** How often the audit log is polled for the live Activity view (default 1 s). */
  readonly auditPollMs?: number;
}

export function inspectToken(raw: string, upstreamUrl: string): InspectedToken {
  const token = validateToken(raw);
  const format = detectTokenFormat(token);
  return { token, provider: providerFor(format, upstreamUrl), kind: format.kind, masked: maskToken(token) };
}

const TOKEN_PAGE_ORIGINS = originsOf(
  TOKEN_FORMATS.flatMap((format) => (format.tokenPageUrl === null ? [] : [format.tokenPageUrl])),
);

/**
 * Settings are applied from metadata.json's changes, whoever made them (this window or `keyport
 * config set`): a new port moves the proxy, startAtLogin sets the login item. `applied()` resolves
 * once the last change is in effect.
 */
function applySettingChanges(options: {
  readonly context: CoreContext;
  readonly loginItem: LoginItem;
  readonly onPortChange: () => Promise<unknown>;
}): { applied(): Promise<unknown>; stop(): void } {
  let current: Settings = options.context.metadata.read().settings;
  let applying: Promise<unknown> = Promise.resolve();
  const stop = options.context.metadata.onChange(({ settings }) => {
    const before = current;
    current = settings;
    if (settings.startAtLogin !== before.startAtLogin) options.loginItem.setEnabled(settings.startAtLogin);
    if (settings.port !== before.port) applying = applying.then(options.onPortChange).catch(() => undefined);
  });
  return { applied: () => applying, stop };
}

function createSettingsOperations(options: {
  readonly context: CoreContext;
  readonly loginItem: LoginItem;
  readonly applied: () => Promise<unknown>;
}): SettingsOperations {
  const { metadata } = options.context;
  return {
    get: () => ({ ...metadata.read().settings, startAtLogin: options.loginItem.isEnabled() }),
    async update(patch: Partial<SettingsDto>) {
      const valid = SettingsSchema.partial().strict().parse(patch);
      await metadata.update((draft) => {
        draft.settings = { ...draft.settings, ...valid };
      });
      await options.applied();
      return this.get();
    },
  };
}

export async function createCoreRuntime(options: CoreRuntimeOptions): Promise<AppRuntime> {
  const { logger, env } = options;
  const context = createCoreContext({
    env,
    logger,
    dataDir: options.dataDir,
    confFactory: options.confFactory ?? electronStoreFactory,
    ...(options.secretStore ? { secretStore: options.secretStore } : {}),
  });
  const tokens = createTokenService(context);
  const oauth = createOAuthService(context);
  // Main runs the sign-in: the user's browser (BROWSER, else the OS default) comes back to the
  // loopback callback; the renderer only waits for the result, which never holds a token.
  const signInHooks = {
    openBrowser: systemBrowserOpener({
      env: { ...process.env, ...env },
      onError: (message: string) => logger.warn('The browser did not open for a sign-in', { message }),
    }),
    showUrl: () => undefined,
  };
  const accounts = createAccountService(context);
  const port = () => resolvePort({ env, settings: context.metadata.read().settings });
  const proxy = createProxyController({
    start: (listenOn) =>
      startProxy({
        context,
        port: listenOn,
        verify: options.healthVerifier ?? defaultHealthVerifier({ clock: context.clock, network: context.network }),
      }),
    port,
    logger,
  });
  const settingChanges = applySettingChanges({
    context,
    loginItem: options.loginItem,
    onPortChange: () => proxy.restart(),
  });
  const settings = createSettingsOperations({ context, loginItem: options.loginItem, applied: settingChanges.applied });
  const clients = createClientOperations({
    context,
    tokens,
    host: currentHost(env, homedir()),
    launcher: currentLauncher({
      execPath: options.execPath ?? process.execPath,
      electronVersion: options.electronVersion ?? process.versions.electron,
      unpackagedAppPath: options.unpackagedAppPath,
    }),
    port,
  });

  const auditListeners = new Set<(entries: readonly AuditEntry[]) => void>();
  const auditTail = await createAuditTail({
    path: auditLogPath(context.dataDir),
    onEntries: (entries) => auditListeners.forEach((listener) => listener(entries)),
  });
  auditTail.start(options.auditPollMs ?? 1000);

  return {
    services: {
      tokens: {
        list: () => tokens.list(),
        add: (input) => tokens.add(input),
        addOAuth: (input) => oauth.add(input, signInHooks),
        signIn: (name) => oauth.login(name, signInHooks),
        test: (input) => tokens.test(input),
        rotate: (input) => tokens.rotate(input),
        rollback: (name) => tokens.rollback(name),
        update: (input) => tokens.update(input),
        remove: (name) => tokens.remove(name),
        setPaused: (name, paused) => tokens.setPaused(name, paused),
      },
      usage: createUsageQueries(context, accounts),
      tools: createToolPolicyService(context),
      clients,
      settings,
      proxy,
    },
    inspectToken,
    externalOrigins: () => TOKEN_PAGE_ORIGINS,
    notificationSettings: () => {
      const current = context.metadata.read().settings;
      return { expiryDays: current.notifyExpiryDays, quotaPercents: current.notifyQuotaPercents };
    },
    onChange(listener) {
      const offMetadata = context.metadata.onChange(() => listener());
      const offUsage = context.usage.onChange(() => listener());
      return () => {
        offMetadata();
        offUsage();
      };
    },
    onAuditEntries(listener) {
      auditListeners.add(listener);
      return () => auditListeners.delete(listener);
    },
    async close() {
      settingChanges.stop();
      auditTail.stop();
      await proxy.stop();
      context.metadata.close();
      context.usage.close();
    },
  };
}
