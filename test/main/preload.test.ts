/**
 * The preload runs in a sandboxed renderer: CommonJS, `require('electron')` only. This test
 * compiles main/preload.cts the way tsc does and runs it in a fresh VM context with exactly
 * that environment, then inspects what it exposed.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS } from '../../main/ipc/schemas.js';

const source = readFileSync(fileURLToPath(new URL('../../main/preload.cts', import.meta.url)), 'utf8');

function loadPreload() {
  const exposed = new Map<string, unknown>();
  const invoked: unknown[][] = [];
  const listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  const fakeElectron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: async (...args: unknown[]) => {
        invoked.push(args);
        return { ok: true, value: null };
      },
      on: (event: string, listener: (...args: unknown[]) => void) =>
        listeners.set(event, [...(listeners.get(event) ?? []), listener]),
      removeListener: (event: string, listener: (...args: unknown[]) => void) =>
        listeners.set(
          event,
          (listeners.get(event) ?? []).filter((l) => l !== listener),
        ),
    },
  };
  const required: string[] = [];
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const module = { exports: {} };
  vm.runInNewContext(outputText, {
    require: (id: string) => {
      required.push(id);
      if (id !== 'electron') throw new Error(`a sandboxed preload cannot require ${id}`);
      return fakeElectron;
    },
    module,
    exports: module.exports,
  });
  return { exposed, invoked, listeners, required };
}

describe('preload', () => {
  it('Then it exposes exactly one object, window.keyport, and requires nothing but electron', () => {
    const { exposed, required } = loadPreload();
    expect([...exposed.keys()]).toEqual(['keyport']);
    expect(required).toEqual(['electron']);
  });

  it('Then window.keyport has one method per contract channel plus `on`, and no generic invoke', () => {
    const api = loadPreload().exposed.get('keyport') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...IPC_CHANNELS, 'on'].sort());
    expect(Object.values(api).every((value) => typeof value === 'function')).toBe(true);
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('send');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('When a method is called, Then it invokes its own channel with the arguments', async () => {
    const { exposed, invoked } = loadPreload();
    const api = exposed.get('keyport') as Record<string, (...args: unknown[]) => Promise<unknown>>;
    await api['tokens:set-paused']!({ name: 'gh', paused: true });
    expect(invoked).toEqual([['tokens:set-paused', { name: 'gh', paused: true }]]);
  });

  it('When the page subscribes to an event, Then it gets the payload only (no IPC event) and can unsubscribe', () => {
    const { exposed, listeners } = loadPreload();
    const api = exposed.get('keyport') as { on: (event: string, listener: (payload: unknown) => void) => () => void };
    const received: unknown[] = [];
    const off = api.on('tokens:changed', (payload) => received.push(payload));
    listeners.get('tokens:changed')![0]!({ sender: 'ipc internals' }, ['payload']);
    expect(received).toEqual([['payload']]);
    off();
    expect(listeners.get('tokens:changed')).toEqual([]);
    expect(() => api.on('electron-store-get-data', () => undefined)).toThrow(/Unknown Keyport event/);
  });
});
