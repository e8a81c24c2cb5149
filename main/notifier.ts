/** Shows native notifications; a click (and on macOS the action button) runs the fix. */
import { Notification } from 'electron';

export interface NativeNotification {
  readonly title: string;
  readonly body: string;
  readonly onClick?: () => void;
  /** A button, where the platform has them (macOS); elsewhere `onClick` stands in. */
  readonly action?: { readonly label: string; readonly run: () => void };
}

export function showNotification(notification: NativeNotification): void {
  if (!Notification.isSupported()) return;
  const native = new Notification({
    title: notification.title,
    body: notification.body,
    actions: notification.action ? [{ type: 'button', text: notification.action.label }] : [],
  });
  const click = notification.onClick ?? notification.action?.run;
  if (click) native.on('click', click);
  if (notification.action) native.on('action', notification.action.run);
  native.show();
}
