// End to end, through the built CLI: `keyport connect/disconnect/import` write real client
// configs; real SDK clients run exactly what was written through a running proxy to an SDK upstream.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCoreContext } from '../../../src/core/create-core-context.js';
import type { CoreContext } from '../../../src/core/context.js';
import { createTokenService } from '../../../src/core/token-service.js';
import { silentLogger } from '../../../src/logger.js';
import { startProxy, type RunningProxy } from '../../../src/proxy/start-proxy.js';
import {
  canaryToken,
  describeWithKeychain,
  secretToolSearch,
  uniqueKeychainService,
} from '../../support/keychain-guard.js';
import { clearKeychainService } from '../../support/keychain-account.js';
import { readAllFiles, tempHome } from '../../support/temp-home.js';
import {
  startStatefulUpstream,
  startStatelessUpstream,
  type BearerUpstream,
} from '../../support/upstreams/bearer-upstreams.js';

const run = promisify(execFile);
const CLI = path.resolve('dist/src/cli/keyport.js');

describeWithKeychain('connecting clients through the proxy', () => {
  const dataDir = path.join(tempHome('clients-e2e'), 'data');
  const service = uniqueKeychainService('clients');
  const canary = canaryToken('c0de');
  const importCanary = canaryToken('beef');
  let upstream: BearerUpstream;
  let importUpstream: BearerUpstream;
  let context: CoreContext;
  let proxy: RunningProxy;

  /** Output must never hold an upstream token: checked on every command and bridge log. */
  const noToken = (text: string): string => {
    expect(text).not.toContain(canary);
    expect(text).not.toContain(importCanary);
    return text;
  };
  const backups = () =>
    fs.existsSync(path.join(dataDir, 'backups')) ? fs.readdirSync(path.join(dataDir, 'backups')) : [];

  async function listAndCall(transport: StdioClientTransport | StreamableHTTPClientTransport): Promise<string> {
    const client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('echo');
      const result = await client.callTool({ name: 'echo', arguments: { text: 'through keyport' } });
      return (result.content as Array<{ text: string }>)[0]?.text ?? '';
    } finally {
      await client.close();
    }
  }

  /** A user home of this test's own (client configs live there); the data folder and proxy are shared. */
  function user() {
    const userHome = tempHome('clients-e2e-user');
    const env: NodeJS.ProcessEnv = {
      KEYPORT_HOME: dataDir,
      KEYPORT_KEYCHAIN_SERVICE: service,
      PATH: process.env.PATH,
      HOME: userHome,
      XDG_CONFIG_HOME: path.join(userHome, '.config'),
      KEYPORT_PORT: String(proxy.port),
      DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS,
    };
    const keyport = async (...args: string[]) => {
      const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env });
      noToken(stderr);
      return noToken(stdout);
    };
    const file = (name: string) => path.join(userHome, name);
    const readJson = (name: string) => JSON.parse(fs.readFileSync(file(name), 'utf8'));
    const writeJson = (name: string, value: unknown) => {
      fs.mkdirSync(path.dirname(file(name)), { recursive: true });
      fs.writeFileSync(file(name), `${JSON.stringify(value, null, 2)}\n`);
    };
    /** Runs a written stdio entry exactly (command + args), as Claude Desktop would. */
    const runStdioEntry = async (entry: { command: string; args: string[] }): Promise<string> => {
      const transport = new StdioClientTransport({
        command: entry.command,
        args: entry.args,
        // What Claude Desktop gives a command: no shell PATH. The data folder and port come from the environment
        // here only because this test cannot use the real home folder and default port.
        env: { HOME: userHome, KEYPORT_HOME: dataDir, KEYPORT_PORT: String(proxy.port) },
        stderr: 'pipe',
      });
      let log = '';
      transport.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
      try {
        return await listAndCall(transport);
      } finally {
        noToken(log);
      }
    };
    return { userHome, keyport, readJson, writeJson, runStdioEntry };
  }

  beforeAll(async () => {
    upstream = await startStatefulUpstream(canary);
    importUpstream = await startStatelessUpstream(importCanary);
    context = createCoreContext({
      env: { KEYPORT_HOME: dataDir, KEYPORT_KEYCHAIN_SERVICE: service },
      logger: silentLogger,
    });
    await createTokenService(context).add({ name: 'agents', url: upstream.url, token: canary, verify: false });
    proxy = await startProxy({ context, port: 0 });
  });

  afterAll(async () => {
    await proxy?.close();
    await upstream?.close();
    await importUpstream?.close();
    context?.metadata.close();
    context?.usage.close();
    await clearKeychainService(service);
  });

  it('Given an existing ~/.cursor/mcp.json, When `connect cursor --write` runs twice, Then other entries stay, one backup, and the written url + headers work', async () => {
    const { keyport, readJson, writeJson } = user();
    const other = { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] };
    writeJson('.cursor/mcp.json', { mcpServers: { memory: other } });
    const backupsBefore = backups().length;

    const preview = await keyport('connect', 'cursor', 'agents');
    expect(preview).toContain(`http://127.0.0.1:${proxy.port}/agents/mcp`);
    expect(readJson('.cursor/mcp.json')).toEqual({ mcpServers: { memory: other } });

    expect(await keyport('connect', 'cursor', 'agents', '--write')).toMatch(/Wrote .*mcp\.json \(backup: /);
    expect(await keyport('connect', 'cursor', 'agents', '--write')).toContain('nothing written');
    expect(backups().length - backupsBefore).toBe(1);

    const written = readJson('.cursor/mcp.json').mcpServers;
    expect(written.memory).toEqual(other);
    expect(written.agents.url).toBe(`http://127.0.0.1:${proxy.port}/agents/mcp`);
    expect(written.agents.headers.Authorization).toMatch(/^Bearer kpk_/);
    const transport = new StreamableHTTPClientTransport(new URL(written.agents.url), {
      requestInit: { headers: written.agents.headers },
    });
    expect(await listAndCall(transport)).toBe('through keyport');
  });

  it('Given `connect claude-desktop --write`, When an SDK stdio client runs the written command + args, Then it lists and calls tools', async () => {
    const { keyport, readJson, runStdioEntry } = user();
    await keyport('connect', 'claude-desktop', 'agents', '--write');
    const entry = readJson('.config/Claude/claude_desktop_config.json').mcpServers.agents;
    expect(path.isAbsolute(entry.command)).toBe(true);
    expect(path.isAbsolute(entry.args[0])).toBe(true);
    expect(entry.args.slice(1)).toEqual(['bridge', 'agents']);
    expect(JSON.stringify(entry)).not.toMatch(/kpk_|sk_live_/);
    expect(fs.statSync(path.join(dataDir, 'client-keys', 'claude-desktop.key')).mode & 0o777).toBe(0o600);

    expect(await runStdioEntry(entry)).toBe('through keyport');
  });

  it('Given a Keyport entry next to another, When `disconnect cursor agents` runs, Then exactly the Keyport entry goes', async () => {
    const { keyport, readJson, writeJson } = user();
    writeJson('.cursor/mcp.json', { mcpServers: { memory: { command: 'memory-mcp' } } });
    await keyport('connect', 'cursor', 'agents', '--write');
    expect(Object.keys(readJson('.cursor/mcp.json').mcpServers).sort()).toEqual(['agents', 'memory']);
    await keyport('disconnect', 'cursor', 'agents');
    expect(Object.keys(readJson('.cursor/mcp.json').mcpServers)).toEqual(['memory']);
    expect(await keyport('disconnect', 'cursor')).toContain('no Keyport entries');
  });

  it('Given a token hardcoded in Windsurf and in an mcp-remote command, When `import --yes` runs, Then it lives only in the keychain and the rewritten entries work', async () => {
    const { userHome, keyport, readJson, writeJson, runStdioEntry } = user();
    writeJson('.codeium/windsurf/mcp_config.json', {
      mcpServers: {
        'Team Agents': { serverUrl: importUpstream.url, headers: { Authorization: `Bearer ${importCanary}` } },
      },
    });
    writeJson('.config/Claude/claude_desktop_config.json', {
      mcpServers: {
        'team-remote': {
          command: 'npx',
          args: ['mcp-remote', importUpstream.url, '--header', 'Authorization:${AUTH_HEADER}'],
          env: { AUTH_HEADER: `Bearer ${importCanary}` },
        },
      },
    });

    const dry = await keyport('import', 'windsurf', 'claude-desktop', '--dry-run');
    expect(dry).toContain('sk_live_…beef');
    expect(dry).toContain('→ connection team-agents');
    expect(readAllFiles(userHome).some(({ content }) => content.includes(importCanary))).toBe(true);

    await keyport('import', 'windsurf', 'claude-desktop', '--yes');
    expect(context.metadata.read().connections['team-agents']?.url).toBe(importUpstream.url);
    expect(context.metadata.read().connections['team-remote']).toBeUndefined();
    const rewritten = readJson('.codeium/windsurf/mcp_config.json').mcpServers['Team Agents'];
    expect(rewritten.serverUrl).toBe(`http://127.0.0.1:${proxy.port}/team-agents/mcp`);
    const bridged = readJson('.config/Claude/claude_desktop_config.json').mcpServers['team-remote'];
    expect(bridged.args.slice(1)).toEqual(['bridge', 'team-agents']);
    expect(bridged.env).toBeUndefined();

    // Only the keychain holds it — apart from the owner-only backups of the user's original files.
    expect(secretToolSearch(service)).toContain(importCanary);
    expect(readAllFiles(userHome).filter(({ content }) => content.includes(importCanary))).toEqual([]);
    const inData = readAllFiles(dataDir).filter(({ content }) => content.includes(importCanary));
    expect(inData.length).toBe(2);
    for (const { file } of inData) {
      expect(path.dirname(file)).toBe(path.join(dataDir, 'backups'));
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    }
    const transport = new StreamableHTTPClientTransport(new URL(rewritten.serverUrl), {
      requestInit: { headers: rewritten.headers },
    });
    expect(await listAndCall(transport)).toBe('through keyport');
    // The rewritten Claude Desktop entry runs the bridge; this upstream answers plain JSON rather than SSE.
    expect(await runStdioEntry(bridged)).toBe('through keyport');
  });
});
