/**
 * The app's client integrations over the real src/clients code, in a temp home: the Claude
 * Desktop entry runs the app binary as the CLI (RunAsNode is off), previews mask local keys,
 * and an import moves a hardcoded token into the keychain.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCoreContext } from '../../src/core/create-core-context.js';
import { createTokenService } from '../../src/core/token-service.js';
import { createMemorySecretStore } from '../../src/keychain/memory-secret-store.js';
import { silentLogger } from '../../src/logger.js';
import { createClientOperations } from '../../main/client-operations.js';
import { bridgeLauncher } from '../../src/clients/launcher.js';
import { tempHome } from '../support/temp-home.js';

const HARDCODED = `ghp_${'Z'.repeat(32)}CANARY77`;

describe('client integrations from the app', () => {
  const home = tempHome('app-clients-home');
  const dataDir = tempHome('app-clients-data');
  const secrets = createMemorySecretStore();
  const context = createCoreContext({ env: {}, logger: silentLogger, dataDir, secretStore: secrets });
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
  afterAll(() => {
    context.metadata.close();
    context.usage.close();
  });

  it('Given no client configs, Then every client is listed as config-not-found', async () => {
    const list = await clients.list();
    expect(list.map((client) => client.id)).toEqual(['claude-desktop', 'cursor', 'vscode', 'claude-code', 'windsurf']);
    expect(list.every((client) => client.state === 'config-not-found')).toBe(true);
  });

  it('When Claude Desktop is connected, Then its entry runs the app binary with --keyport-cli bridge', async () => {
    await tokens.add({ name: 'gh', url: 'https://api.example.com/mcp', token: `ghp_${'a'.repeat(36)}`, verify: false });
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
    const preview = await clients.preview('cursor', ['gh']);
    expect(preview.snippet).toContain('http://127.0.0.1:8931/gh/mcp');
    expect(preview.snippet).not.toMatch(/kpk_[A-Za-z0-9_-]{43}/);
    expect(preview.diff).not.toMatch(/kpk_[A-Za-z0-9_-]{43}/);
  });

  it('Given a token hardcoded in a client config, When imported, Then it is in the keychain and the config goes through Keyport', async () => {
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
    expect(secrets.entries().get('token:search')).toBe(HARDCODED);
    expect(readFileSync(config, 'utf8')).not.toContain(HARDCODED);
  });
});
