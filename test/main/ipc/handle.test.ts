import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { KeyportError } from '../../../src/errors.js';
import { silentLogger } from '../../../src/logger.js';
import { FOREIGN_SENDER_ERROR, registerIpcHandlers, type IpcHandlers } from '../../../main/ipc/handle.js';
import { IPC_CHANNELS, ipcArgSchemas } from '../../../main/ipc/schemas.js';
import { createSenderCheck } from '../../../main/ipc/sender.js';
import { appPageUrl } from '../../../main/web-policy.js';
import { tokenSummary } from '../support/fixtures.js';

const APP_URL = appPageUrl('/opt/keyport/dist/renderer/index.html');
const WINDOW_ID = 7;

type Invoke = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

function fakeIpcMain() {
  const handlers = new Map<string, Invoke>();
  return {
    handlers,
    handle: (channel: string, handler: Invoke) => void handlers.set(channel, handler),
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
}

function event(options: { url?: string; parent?: unknown; senderId?: number; noFrame?: boolean } = {}) {
  return {
    sender: { id: options.senderId ?? WINDOW_ID },
    senderFrame: options.noFrame ? null : { url: options.url ?? `${APP_URL}#/tokens`, parent: options.parent ?? null },
  } as unknown as IpcMainInvokeEvent;
}

function handlersWith(overrides: Partial<IpcHandlers>): IpcHandlers {
  const unexpected = () => {
    throw new Error('not under test');
  };
  const all = Object.fromEntries(IPC_CHANNELS.map((channel) => [channel, unexpected]));
  return { ...all, ...overrides } as IpcHandlers;
}

function setup(overrides: Partial<IpcHandlers>) {
  const ipcMain = fakeIpcMain();
  const unregister = registerIpcHandlers(
    {
      ipcMain: ipcMain as never,
      isTrustedSender: createSenderCheck({ appUrl: APP_URL, windowContentsId: () => WINDOW_ID }),
      logger: silentLogger,
    },
    ipcArgSchemas,
    handlersWith(overrides),
  );
  const invoke = (channel: string, ev: IpcMainInvokeEvent, ...args: unknown[]) =>
    ipcMain.handlers.get(channel)!(ev, ...args);
  return { ipcMain, invoke, unregister };
}

describe('IPC registration', () => {
  it('Then every contract channel is registered, and unregistering removes them all', () => {
    const { ipcMain, unregister } = setup({});
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...IPC_CHANNELS].sort());
    expect(IPC_CHANNELS).toHaveLength(24);
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('Given valid arguments from the app page, Then the handler runs and the value comes back as ok', async () => {
    const setPaused = vi.fn(async ({ name, paused }: { name: string; paused: boolean }) =>
      tokenSummary({ name, paused, status: paused ? 'paused' : 'ok' }),
    );
    const { invoke } = setup({ 'tokens:set-paused': setPaused });
    const result = await invoke('tokens:set-paused', event(), { name: 'github', paused: true });
    expect(result).toMatchObject({ ok: true, value: { name: 'github', paused: true } });
  });

  it('Given bad arguments, Then the handler never runs and the error says what is wrong', async () => {
    const rotate = vi.fn();
    const { invoke } = setup({ 'tokens:rotate': rotate, 'tokens:list': vi.fn(async () => []) });
    const bad: unknown[][] = [
      [],
      [null],
      ['github'],
      [{ name: 'GitHub!', token: 'x' }],
      [{ name: 'github', token: '' }],
      [{ name: 'github', token: 'x'.repeat(5000) }],
      [{ name: 'github', token: 'ok', extra: true }],
      [{ name: 'github', token: 'ok', verify: 'yes' }],
      [{ name: 'github', token: 'ok' }, 'second argument'],
      [{ name: 'github', token: 42 }],
    ];
    for (const args of bad) {
      const result = (await invoke('tokens:rotate', event(), ...args)) as { ok: boolean; error: { code: string } };
      expect(result.ok, JSON.stringify(args)).toBe(false);
      expect(result.error.code).toBe('INVALID_INPUT');
    }
    expect(rotate).not.toHaveBeenCalled();
    const extra = (await invoke('tokens:list', event(), 'unexpected')) as { ok: boolean };
    expect(extra.ok).toBe(false);
  });

  it('Given an update that would move a connection to another server, Then it is refused unheard (the token would follow)', async () => {
    const update = vi.fn();
    const { invoke } = setup({ 'tokens:update': update });
    const result = (await invoke('tokens:update', event(), {
      name: 'github',
      url: 'https://attacker.example/mcp',
    })) as {
      ok: boolean;
      error: { code: string };
    };
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(update).not.toHaveBeenCalled();
  });

  it('Given a rotate request with a bad name, Then the error names the channel and never echoes the token', async () => {
    const { invoke } = setup({});
    const canary = `sk_live_${'ab'.repeat(30)}CANARY42`;
    const result = await invoke('tokens:rotate', event(), { name: 'Bad Name', token: canary });
    expect(JSON.stringify(result)).toContain('tokens:rotate');
    expect(JSON.stringify(result)).not.toContain(canary);
  });

  it('Given an add request whose token landed in a key, Then the error does not echo that key', async () => {
    const { invoke } = setup({});
    const canary = `sk_live_${'cd'.repeat(30)}CANARY43`;
    const input = { name: 'github', url: 'https://api.example.com/mcp', token: 'x', [canary]: true };
    const result = (await invoke('tokens:add', event(), input)) as { ok: boolean; error: { message: string } };
    expect(result.ok).toBe(false);
    expect(result.error.message).toBe('Invalid arguments for tokens:add: unrecognized key.');
    expect(JSON.stringify(result)).not.toContain(canary);
  });

  it('Given a call from a foreign frame, a subframe, another window or no frame, Then it is refused unheard', async () => {
    const list = vi.fn(async () => []);
    const { invoke } = setup({ 'tokens:list': list });
    const foreign = [
      event({ url: 'https://evil.example/' }),
      event({ url: 'file:///tmp/evil.html' }),
      event({ parent: { url: APP_URL } }),
      event({ senderId: WINDOW_ID + 1 }),
      event({ noFrame: true }),
    ];
    for (const ev of foreign) {
      expect(await invoke('tokens:list', ev)).toEqual({ ok: false, error: FOREIGN_SENDER_ERROR });
    }
    expect(list).not.toHaveBeenCalled();
  });

  it('Given a sender frame that was disposed mid-call (its getters throw), Then it is refused with a Result', async () => {
    const list = vi.fn(async () => []);
    const { invoke } = setup({ 'tokens:list': list });
    const disposed = {
      sender: { id: WINDOW_ID },
      senderFrame: {
        parent: null,
        get url(): string {
          throw new Error('Render frame was disposed before WebFrameMain could be accessed');
        },
      },
    } as unknown as IpcMainInvokeEvent;
    expect(await invoke('tokens:list', disposed)).toEqual({ ok: false, error: FOREIGN_SENDER_ERROR });
    expect(list).not.toHaveBeenCalled();
  });

  it('Given a handler that fails, Then a KeyportError keeps its message and anything else stays generic', async () => {
    const { invoke } = setup({
      'tokens:rollback': async () => {
        throw new KeyportError('NO_ROLLBACK', 'No previous token to roll back to for github.');
      },
      'tokens:remove': async () => {
        throw new Error('boom with secret sk_live_leak');
      },
    });
    expect(await invoke('tokens:rollback', event(), { name: 'github' })).toEqual({
      ok: false,
      error: { code: 'NO_ROLLBACK', message: 'No previous token to roll back to for github.' },
    });
    const generic = await invoke('tokens:remove', event(), { name: 'github' });
    expect(generic).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(generic)).not.toContain('sk_live_leak');
  });

  it('Then each channel with arguments accepts a well-formed call', async () => {
    const samples: Record<string, unknown[]> = {
      'tokens:add': [{ name: 'gh', url: 'https://api.example.com/mcp', token: 't', expires: '30d', quota: 5000 }],
      'tokens:test': [{ url: 'https://api.example.com/mcp', token: 't' }],
      'tokens:update': [{ name: 'gh', quota: null, account: null }],
      'usage:daily': [{ name: 'gh', days: 30 }],
      'tools:view': [{ name: 'gh', live: true }],
      'tools:change': [{ name: 'gh', client: 'cursor', change: { kind: 'deny', tools: ['delete_*'] } }],
      'audit:list': [{ connection: 'gh', limit: 100 }],
      'clients:preview': [{ client: 'cursor', names: ['gh'] }],
      'clients:import': [{ entries: [{ client: 'cursor', entry: 'GitHub', name: 'gh' }] }],
      'settings:update': [{ port: 9000, notifyExpiryDays: [14, 1] }],
    };
    for (const [channel, args] of Object.entries(samples)) {
      const schema = ipcArgSchemas[channel as keyof typeof ipcArgSchemas];
      expect(schema.safeParse(args).success, channel).toBe(true);
    }
    expect(ipcArgSchemas['settings:update'].safeParse([{ port: -1 }]).success).toBe(false);
    expect(ipcArgSchemas['settings:update'].safeParse([{ unknownSetting: 1 }]).success).toBe(false);
  });

  it('Then a tool rule change from the renderer is checked: known kinds only, names bounded, no tools on a preset', () => {
    const change = (value: unknown) =>
      ipcArgSchemas['tools:change'].safeParse([{ name: 'gh', client: null, change: value }]).success;
    expect(change({ kind: 'read-only' })).toBe(true);
    expect(change({ kind: 'only', tools: ['echo'] })).toBe(true);
    expect(change({ kind: 'read-only', tools: ['echo'] })).toBe(false);
    expect(change({ kind: 'deny', tools: [] })).toBe(false);
    expect(change({ kind: 'deny', tools: ['x'.repeat(257)] })).toBe(false);
    expect(change({ kind: 'grant', tools: ['x'] })).toBe(false);
    expect(
      ipcArgSchemas['tools:change'].safeParse([{ name: 'gh', client: '__proto__', change: { kind: 'reset' } }]).success,
    ).toBe(false);
  });
});
