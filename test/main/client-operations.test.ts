/**
 * The app's client integrations over the real src/clients code, in a temp home: the Claude
 * Desktop entry runs the app binary as the CLI (RunAsNode is off), previews mask local keys,
 * and an import moves a hardcoded token into the keychain.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createCoreContext } from '../../src/core/create-core-context.js';
import { createTokenService } from '../../src/core/token-service.js';
import { createMemorySecretStore } from '../../src/keychain/memory-secret-store.js';
import { silentLogger } from '../../src/logger.js';
import { createClientOperations } from '../../main/client-operations.js';
import { bridgeLauncher } from '../../src/clients/launcher.js';
import { tokenAccountIn } from '../support/keychain-account.js';
import { tempHome } from '../support/temp-home.js';

const HARDCODED = `ghp_${'Z'.repeat(32)}CANARY77`;

/** A fresh app over its own temp home and data folder, with connection `gh` when asked: each test owns its state. */
async function freshApp(options: { readonly withGh?: boolean } = {}) {
  const home = tempHome('app-clients-home');
  const dataDir = tempHome('app-clients-data');
  const secrets = createMemorySecretStore();
  const context = createCoreContext({ env: {}, logger: silentLogger, dataDir, secretStore: secrets });
  onTestFinished(() => {
    context.metadata.close();
    context.usage.close();
  });
  const tokens = createTokenService(context);
  const clients = createClientOperations({
    context,
    tokens,
    host: { platform: 'linux', homeDir: home, env: {} },
    launcher: bridgeLauncher({
      execPath: '/opt/Keyport/keyport',
      electronVersion: '45.4.1',
      cliScript: '/unused/keyport.js',
    }),
    port: () => 8931,
  });
  if (options.withGh) {
    await tokens.add({ name: 'gh', url: 'https://api.example.com/mcp', token: `ghp_${'a'.repeat(36)}`, verify: false });
  }
  return { home, dataDir, secrets, clients };
}

describe('client integrations from the app', () => {
  it('Given no client configs, Then every client is listed as config-not-found', async () => {
    const { clients } = await freshApp();
    const list = await clients.list();
    expect(list.map((client) => client.id)).toEqual(['claude-desktop', 'cursor', 'vscode', 'claude-code', 'windsurf']);
    expect(list.every((client) => client.state === 'config-not-found')).toBe(true);
  });

  it('When Claude Desktop is connected, Then its entry runs the app binary with --keyport-cli bridge', async () => {
    const { clients } = await freshApp({ withGh: true });
    const result = await clients.connect('claude-desktop', ['gh']);
    expect(result.changed).toBe(true);
    const written = JSON.parse(readFileSync(result.configPath, 'utf8')) as {
      mcpServers: Record<string, { command: string; args: string[] }>;
    };
    expect(written.mcpServers.gh).toEqual({ command: '/opt/Keyport/keyport', args: ['--keyport-cli', 'bridge', 'gh'] });
    const listed = (await clients.list()).find((client) => client.id === 'claude-desktop');
    expect(listed).toMatchObject({ state: 'connected', connected: ['gh'] });
  });

  it('When Cursor is previewed, Then the snippet and diff hold no full local key', async () => {
    const { clients } = await freshApp({ withGh: true });
    const preview = await clients.preview('cursor', ['gh']);
    expect(preview.snippet).toContain('http://127.0.0.1:8931/gh/mcp');
    expect(preview.snippet).not.toMatch(/kpk_[A-Za-z0-9_-]{43}/);
    expect(preview.diff).not.toMatch(/kpk_[A-Za-z0-9_-]{43}/);
  });

  it('Given another entry with a hardcoded token, When Cursor is previewed, Then the diff holds no full token', async () => {
    const { home, clients } = await freshApp({ withGh: true });
    mkdirSync(join(home, '.cursor'), { recursive: true });
    const config = join(home, '.cursor', 'mcp.json');
    const env = `sk_live_${'c'.repeat(60)}0c7e`;
    writeFileSync(
      config,
      JSON.stringify(
        {
          mcpServers: {
            Agent: { command: 'agent-mcp', env: { AGENT_API_KEY: env } },
            Search: { url: 'https://search.example.com/mcp', headers: { Authorization: `Bearer ${HARDCODED}` } },
          },
        },
        null,
        1,
      ).replace(/\n\s*/g, ' '),
    );

    const preview = await clients.preview('cursor', ['gh']);

    expect(preview.diff).toContain('"Search"');
    expect(preview.diff).not.toContain(HARDCODED);
    expect(preview.diff).toContain('ghp_…RY77');
    expect(preview.diff).not.toContain(env);
    expect(preview.diff).toContain('sk_live_…0c7e');
  });

  it('Given a token hardcoded in a client config, When imported, Then it is in the keychain and the config goes through Keyport', async () => {
    const { home, dataDir, secrets, clients } = await freshApp();
    mkdirSync(join(home, '.cursor'), { recursive: true });
    const config = join(home, '.cursor', 'mcp.json');
    writeFileSync(
      config,
      JSON.stringify({
        mcpServers: {
          Search: { url: 'https://search.example.com/mcp', headers: { Authorization: `Bearer ${HARDCODED}` } },
        },
      }),
    );
    const candidates = await clients.importScan();
    expect(candidates).toMatchObject([
      { client: 'cursor', entry: 'Search', url: 'https://search.example.com/mcp', suggestedName: 'search' },
    ]);
    expect(JSON.stringify(candidates)).not.toContain(HARDCODED);
    const imported = await clients.importEntries([{ client: 'cursor', entry: 'Search', name: 'search' }]);
    expect(imported.map((token) => token.name)).toEqual(['search']);
    expect(secrets.entries().get(tokenAccountIn(dataDir, 'search'))).toBe(HARDCODED);
    expect(readFileSync(config, 'utf8')).not.toContain(HARDCODED);
  });

  it('Given one token hardcoded in two clients, When only the second is imported, Then its connection exists', async () => {
    const { home, dataDir, secrets, clients } = await freshApp();
    mkdirSync(join(home, '.cursor'), { recursive: true });
    const shared = `ghp_${'Y'.repeat(32)}CANARY88`;
    const entry = { url: 'https://docs.example.com/mcp', headers: { Authorization: `Bearer ${shared}` } };
    mkdirSync(join(home, '.codeium', 'windsurf'), { recursive: true });
    writeFileSync(join(home, '.cursor', 'mcp.json'), JSON.stringify({ mcpServers: { Docs: entry } }));
    const windsurf = join(home, '.codeium', 'windsurf', 'mcp_config.json');
    writeFileSync(windsurf, JSON.stringify({ mcpServers: { Docs: { serverUrl: entry.url, headers: entry.headers } } }));
    const candidates = await clients.importScan();
    expect(candidates.map((candidate) => candidate.client)).toEqual(['cursor', 'windsurf']);

    const imported = await clients.importEntries([{ client: 'windsurf', entry: 'Docs', name: 'docs' }]);

    expect(imported.map((token) => token.name)).toEqual(['docs']);
    expect(secrets.entries().get(tokenAccountIn(dataDir, 'docs'))).toBe(shared);
    expect(readFileSync(windsurf, 'utf8')).not.toContain(shared);
  });

  it('Given two different tokens, When both are imported under one name, Then nothing is stored or rewritten', async () => {
    const { home, secrets, clients } = await freshApp();
    mkdirSync(join(home, '.cursor'), { recursive: true });
    const config = join(home, '.cursor', 'mcp.json');
    const before = JSON.stringify({
      mcpServers: {
        One: { url: 'https://one.example.com/mcp', headers: { Authorization: `Bearer ghp_${'1'.repeat(36)}` } },
        Two: { url: 'https://two.example.com/mcp', headers: { Authorization: `Bearer ghp_${'2'.repeat(36)}` } },
      },
    });
    writeFileSync(config, before);

    await expect(
      clients.importEntries([
        { client: 'cursor', entry: 'One', name: 'same' },
        { client: 'cursor', entry: 'Two', name: 'same' },
      ]),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });

    expect([...secrets.entries().keys()].filter((account) => account.startsWith('token:'))).toEqual([]);
    expect(readFileSync(config, 'utf8')).toBe(before);
  });
});
