/**
 * Generic IPC registration over the contract: the sender frame is checked, the arguments are
 * validated, the handler runs, and the answer is always a Result — never a thrown error, never
 * a stack trace, never a secret (toErrorInfo keeps only KeyportError messages).
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Result } from '../../src/contract/dto.js';
import type { IpcArgs, IpcChannel, IpcValue } from '../../src/contract/ipc.js';
import { toErrorInfo, type ErrorInfo } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import type { IpcArgSchemas } from './schemas.js';

export type IpcHandler<C extends IpcChannel> = (...args: IpcArgs<C>) => Promise<IpcValue<C>> | IpcValue<C>;
export type IpcHandlers = { readonly [C in IpcChannel]: IpcHandler<C> };

/** Decides whether an invoke comes from the app's own page (top frame, app URL). */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

export const FOREIGN_SENDER_ERROR: ErrorInfo = {
  code: 'FORBIDDEN',
  message: 'Refused an IPC call from a page that is not Keyport’s own window.',
};

export function invalidArgumentsError(
  channel: IpcChannel,
  issues: readonly { readonly path: PropertyKey[]; readonly message: string; readonly code?: string }[],
): ErrorInfo {
  const first = issues[0];
  const where = first && first.path.length > 1 ? ` at ${first.path.slice(1).map(String).join('.')}` : '';
  // zod quotes unrecognized keys verbatim, and a key can be anything the renderer sent (a pasted token).
  const what = first?.code === 'unrecognized_keys' ? 'unrecognized key' : (first?.message ?? 'unexpected shape');
  return {
    code: 'INVALID_INPUT',
    message: `Invalid arguments for ${channel}${where}: ${what}.`,
  };
}

export interface HandleOptions {
  readonly ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  readonly isTrustedSender: SenderCheck;
  readonly logger: Logger;
}

/** Runs one validated call; exported for tests and used by `handle`. */
export async function dispatch<C extends IpcChannel>(
  channel: C,
  schema: IpcArgSchemas[C],
  handler: IpcHandler<C>,
  args: readonly unknown[],
): Promise<Result<IpcValue<C>>> {
  const parsed = schema.safeParse(args);
  if (!parsed.success) return { ok: false, error: invalidArgumentsError(channel, parsed.error.issues) };
  try {
    const value = await handler(...(parsed.data as IpcArgs<C>));
    return { ok: true, value: value as IpcValue<C> };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}

export function handle<C extends IpcChannel>(
  options: HandleOptions,
  channel: C,
  schema: IpcArgSchemas[C],
  handler: IpcHandler<C>,
): void {
  options.ipcMain.handle(channel, async (event, ...args: unknown[]): Promise<Result<IpcValue<C>>> => {
    if (!options.isTrustedSender(event)) {
      options.logger.warn('refused IPC from a foreign frame', { channel });
      return { ok: false, error: FOREIGN_SENDER_ERROR };
    }
    const result = await dispatch(channel, schema, handler, args);
    if (!result.ok && result.error.code === 'INTERNAL') options.logger.error('IPC handler failed', { channel });
    return result;
  });
}

/** Registers every channel; the handler map is complete by type. Returns an unregister function. */
export function registerIpcHandlers(options: HandleOptions, schemas: IpcArgSchemas, handlers: IpcHandlers): () => void {
  const channels = Object.keys(schemas) as IpcChannel[];
  for (const channel of channels) registerChannel(options, schemas, handlers, channel);
  return () => {
    for (const channel of channels) options.ipcMain.removeHandler(channel);
  };
}

function registerChannel<C extends IpcChannel>(
  options: HandleOptions,
  schemas: IpcArgSchemas,
  handlers: IpcHandlers,
  channel: C,
): void {
  handle(options, channel, schemas[channel], handlers[channel]);
}
