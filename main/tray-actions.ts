/** What the tray's menu items do, over injected seams (no Electron import; boot.ts wires them). */
import { toErrorInfo } from '../src/errors.js';
import type { IpcEvents } from '../src/contract/ipc.js';
import {
  rotateFromClipboard,
  undoRotation,
  type ClipboardAccess,
  type InspectedToken,
} from './rotate-from-clipboard.js';
import type { NativeNotification } from './notifier.js';
import type { AppServices } from './services.js';
import type { TrayActions } from './tray-menu.js';

export interface TrayActionDeps {
  readonly services: AppServices;
  readonly clipboard: ClipboardAccess & { writeText(text: string): Promise<void> };
  readonly inspectToken: (raw: string, upstreamUrl: string) => InspectedToken;
  readonly notify: (notification: NativeNotification) => void;
  /** Shows the window, then asks the renderer to open a view. */
  readonly navigate: (target: IpcEvents['ui:navigate'] | null) => void;
  /** Opens an https, allowlisted URL in the browser (the window's policy applies). */
  readonly openExternal: (url: string) => void;
  /** Called after an action changed state the menu shows. */
  readonly refresh: () => void;
  readonly quit: () => void;
}

export function createTrayActions(deps: TrayActionDeps): TrayActions {
  const { services, notify } = deps;
  const failed = (title: string) => (error: unknown) => {
    notify({ title, body: toErrorInfo(error).message });
  };
  const tokenNotify = (name: string) => (notification: { title: string; body: string; undo?: () => void }) =>
    notify({
      title: notification.title,
      body: notification.body,
      onClick: () => deps.navigate({ view: 'token', name }),
      ...(notification.undo ? { action: { label: 'Undo', run: notification.undo } } : {}),
    });

  return {
    rotateFromClipboard(name) {
      void rotateFromClipboard({
        name,
        clipboard: deps.clipboard,
        tokens: services.tokens,
        inspect: deps.inspectToken,
        notify: tokenNotify(name),
      }).then(deps.refresh);
    },
    openRotateDialog: (name) => deps.navigate({ view: 'rotate', name }),
    signIn(name) {
      services.tokens.signIn(name).then(
        (summary) => {
          notify({
            title: `${name}: signed in`,
            body: 'Clients can use it again.',
            onClick: () => deps.navigate({ view: 'token', name: summary.name }),
          });
          deps.refresh();
        },
        failed(`${name}: sign-in failed`),
      );
    },
    copyProxyUrl(name) {
      Promise.resolve()
        .then(() => deps.clipboard.writeText(services.proxy.connectionUrl(name)))
        .catch(failed(`Could not copy the URL for ${name}`));
    },
    setTokenPaused(name, paused) {
      services.tokens
        .setPaused(name, paused)
        .then(deps.refresh, failed(`Could not ${paused ? 'pause' : 'resume'} ${name}`));
    },
    testConnection(name) {
      services.tokens.test({ name }).then(
        (result) =>
          notify({
            title: `${name}: connection works`,
            body: `${result.serverName}${result.toolCount === null ? '' : ` · ${result.toolCount} tools`}`,
          }),
        failed(`${name}: connection test failed`),
      );
    },
    rollback(name) {
      void undoRotation({ name, tokens: services.tokens, notify: tokenNotify(name) }).then(deps.refresh);
    },
    openTokenPage: (url) => deps.openExternal(url),
    openWindow: () => deps.navigate(null),
    setProxyPaused(paused) {
      services.proxy
        .setPaused(paused)
        .then(deps.refresh, failed(paused ? 'Could not pause the proxy' : 'Could not start the proxy'));
    },
    setStartAtLogin(enabled) {
      // The settings service applies the login item (the same path the Settings view takes).
      services.settings
        .update({ startAtLogin: enabled })
        .then(deps.refresh, failed('Could not change "Start at login"'));
    },
    quit: () => deps.quit(),
  };
}
