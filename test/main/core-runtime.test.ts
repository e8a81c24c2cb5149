/**
 * The app's runtime over the real core behind a mocked `electron`: electron-store as the
 * metadata backend in a temp folder, an in-memory SecretStore, the real proxy core on a free
 * port, a real MCP upstream that requires a bearer token, and rotate-from-clipboard end to end.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { TokenSummary } from '../../src/contract/dto.js';

vi.mock('electron', async () => {
  const mock = await import('./support/electron-mock.js');
  return { ...mock.electronMock, default: mock.electronMock };
});

const { existsSync } = await import('node:fs');
const { join } = await import('node:path');
const { createCoreRuntime, inspectToken } = await import('../../main/core-runtime.js');
const { rotateFromClipboard } = await import('../../main/rotate-from-clipboard.js');
const { createCoreContext } = await import('../../src/core/create-core-context.js');
const { createMemorySecretStore } = await import('../../src/keychain/memory-secret-store.js');
const { silentLogger } = await import('../../src/logger.js');
const { tempHome, readAllFiles } = await import('../support/temp-home.js');
const { tokenAccountIn } = await import('../support/keychain-account.js');
const { startStatelessUpstream } = await import('../support/upstreams/bearer-upstreams.js');

const FIRST = `sk_live_${'0123456789abcdef'.repeat(4)}`;
const SECOND = `sk_live_${'fedcba9876543210'.repeat(3)}feedfacecafe1234`;
const WRONG = `sk_live_${'a'.repeat(60)}dead`;

type Upstream = Awaited<ReturnType<typeof startStatelessUpstream>>;
type Runtime = Awaited<ReturnType<typeof createCoreRuntime>>;

describe('app runtime over the real core', () => {
  let runtime: Runtime;
  const dataDir = tempHome('app-runtime');
  const secrets = createMemorySecretStore();
  const loginItem = {
    enabled: false,
    isEnabled: () => loginItem.enabled,
    setEnabled: vi.fn((on: boolean) => void (loginItem.enabled = on)),
  };

  /** A connection of this test's own, verified against an upstream of its own that accepts FIRST. */
  async function addAgent(name: string): Promise<{ upstream: Upstream; added: TokenSummary }> {
    const upstream = await startStatelessUpstream(FIRST);
    onTestFinished(() => upstream.close());
    const added = await runtime.services.tokens.add({ name, url: upstream.url, token: FIRST });
    return { upstream, added };
  }

  beforeAll(async () => {
    runtime = await createCoreRuntime({
      dataDir,
      env: { KEYPORT_PORT: '0' },
      loginItem,
      logger: silentLogger,
      secretStore: secrets,
      execPath: '/opt/Keyport/keyport',
      electronVersion: '45.4.1',
      healthVerifier: async () => ({ state: 'unknown', checkedAt: new Date().toISOString(), detail: null }),
    });
    await runtime.services.proxy.start();
  });

  afterAll(async () => {
    await runtime?.close();
  });

  it('Given a token verified against its upstream, Then it is listed masked and stored only in the keychain', async () => {
    const { added } = await addAgent('agent');
    expect(added).toMatchObject({ name: 'agent', kind: 'agent-key', masked: 'sk_live_…cdef' });
    expect(secrets.entries().get(tokenAccountIn(dataDir, 'agent'))).toBe(FIRST);
    // electron-store wrote the same file the CLI reads (not its default config.json).
    expect(existsSync(join(dataDir, 'metadata.json'))).toBe(true);
    expect(existsSync(join(dataDir, 'config.json'))).toBe(false);
    for (const { file, content } of readAllFiles(dataDir)) expect(content, file).not.toContain(FIRST);
    const cli = createCoreContext({ env: {}, logger: silentLogger, dataDir, secretStore: secrets });
    expect(Object.keys(cli.metadata.read().connections)).toContain('agent');
    cli.metadata.close();
    cli.usage.close();
  });

  it('When Claude Desktop is previewed from the app, Then its entry runs the app binary with --keyport-cli', async () => {
    await addAgent('previewed');
    const preview = await runtime.services.clients.preview('claude-desktop', ['previewed']);
    expect(JSON.parse(preview.snippet)).toEqual({
      mcpServers: { previewed: { command: '/opt/Keyport/keyport', args: ['--keyport-cli', 'bridge', 'previewed'] } },
    });
  });

  it('Then the proxy runs on the resolved port and the tray can copy a connection URL', async () => {
    await addAgent('copied');
    const status = runtime.services.proxy.status();
    expect(status).toMatchObject({ running: true, paused: false, error: null });
    expect(runtime.services.proxy.connectionUrl('copied')).toBe(`http://127.0.0.1:${status.port}/copied/mcp`);
  });

  it('When the user rotates from the clipboard, Then the new token is verified, swapped, the clipboard cleared; Undo restores', async () => {
    const { upstream } = await addAgent('rotated');
    upstream.setToken(SECOND);
    let clipboard = `${SECOND}\n`;
    const notes: { title: string; undo?: () => void }[] = [];
    const result = await rotateFromClipboard({
      name: 'rotated',
      clipboard: { readText: async () => clipboard, clear: () => void (clipboard = '') },
      tokens: runtime.services.tokens,
      inspect: inspectToken,
      notify: (note) => notes.push(note),
    });
    expect(result).toMatchObject({ ok: true, summary: { masked: 'sk_live_…1234' } });
    expect(secrets.entries().get(tokenAccountIn(dataDir, 'rotated'))).toBe(SECOND);
    expect(clipboard).toBe('');
    notes[0]?.undo?.();
    await vi.waitFor(() => expect(secrets.entries().get(tokenAccountIn(dataDir, 'rotated'))).toBe(FIRST));
    expect(notes.map((note) => note.title)).toEqual(['rotated rotated', 'rotated rolled back']);
  });

  it('When the clipboard token is refused by the upstream, Then nothing is swapped and the clipboard is kept', async () => {
    await addAgent('refused');
    let clipboard = WRONG;
    const result = await rotateFromClipboard({
      name: 'refused',
      clipboard: { readText: async () => clipboard, clear: () => void (clipboard = '') },
      tokens: runtime.services.tokens,
      inspect: inspectToken,
      notify: () => undefined,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'TOKEN_REJECTED' } });
    expect(JSON.stringify(result)).not.toContain(WRONG);
    expect(secrets.entries().get(tokenAccountIn(dataDir, 'refused'))).toBe(FIRST);
    expect(clipboard).toBe(WRONG);
  });

  it('When settings change, Then start-at-login is applied; pausing the proxy stops it listening', async () => {
    const updated = await runtime.services.settings.update({ startAtLogin: true, notifyExpiryDays: [14, 1] });
    expect(updated).toMatchObject({ startAtLogin: true, notifyExpiryDays: [14, 1] });
    expect(loginItem.setEnabled).toHaveBeenCalledWith(true);
    expect(runtime.notificationSettings().expiryDays).toEqual([14, 1]);
    await runtime.services.proxy.setPaused(true);
    expect(runtime.services.proxy.status()).toMatchObject({ running: false, paused: true });
    expect(() => runtime.services.proxy.connectionUrl('agent')).toThrow(/paused/);
    await runtime.services.proxy.setPaused(false);
    expect(runtime.services.proxy.status().running).toBe(true);
  });

  it("Then links may open the known providers' token pages", () => {
    expect(runtime.externalOrigins().has('https://github.com')).toBe(true);
  });
});

describe('app runtime: settings changed by another process', () => {
  it('Given the app runs its proxy on the port setting, When `keyport config` (another process) changes the port and startAtLogin, Then the app applies both', async () => {
    const { freePort } = await import('../e2e/harness/free-port.js');
    const dataDir = tempHome('app-settings-live');
    const [first, second] = [await freePort(), await freePort()];
    const loginItem = { enabled: false, isEnabled: () => loginItem.enabled, setEnabled: vi.fn() };
    const cli = createCoreContext({ env: {}, dataDir, logger: silentLogger, secretStore: createMemorySecretStore() });
    await cli.metadata.update((draft) => void (draft.settings.port = first));
    const runtime = await createCoreRuntime({
      dataDir,
      env: {},
      loginItem,
      logger: silentLogger,
      secretStore: createMemorySecretStore(),
      healthVerifier: async () => ({ state: 'unknown', checkedAt: new Date().toISOString(), detail: null }),
    });
    try {
      await runtime.services.proxy.start();
      expect(runtime.services.proxy.status().port).toBe(first);
      await cli.metadata.update((draft) => {
        draft.settings.port = second;
        draft.settings.startAtLogin = true;
      });
      await vi.waitFor(() => expect(runtime.services.proxy.status()).toMatchObject({ running: true, port: second }), {
        timeout: 5000,
      });
      expect(loginItem.setEnabled).toHaveBeenCalledWith(true);
    } finally {
      await runtime.close();
      cli.metadata.close();
      cli.usage.close();
    }
  });
});
