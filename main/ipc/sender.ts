/** Who may call IPC: the app's own page in the top frame of the app's own window. */
import type { IpcMainInvokeEvent } from 'electron';
import { isAppUrl } from '../web-policy.js';
import type { SenderCheck } from './handle.js';

export function createSenderCheck(options: {
  readonly appUrl: string;
  /** The webContents id of the main window, when it exists. */
  readonly windowContentsId: () => number | null;
}): SenderCheck {
  return (event: IpcMainInvokeEvent) => {
    try {
      const frame = event.senderFrame;
      if (frame === null || frame.parent !== null) return false;
      if (event.sender.id !== options.windowContentsId()) return false;
      return isAppUrl(frame.url, options.appUrl);
    } catch {
      // A frame disposed mid-call throws on access: refuse it (a Result, never a rejected invoke).
      return false;
    }
  };
}
