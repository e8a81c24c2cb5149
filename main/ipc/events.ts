/** Pushes contract events to the renderer (webContents.send), when the window exists. */
import type { WebContents } from 'electron';
import type { IpcEvent, IpcEvents } from '../../src/contract/ipc.js';

export type EventPublisher = <E extends IpcEvent>(event: E, payload: IpcEvents[E]) => void;

export function createEventPublisher(contents: () => Pick<WebContents, 'send' | 'isDestroyed'> | null): EventPublisher {
  return (event, payload) => {
    const target = contents();
    if (target === null || target.isDestroyed()) return;
    target.send(event, payload);
  };
}
