import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';
import { parseBridgeArgs, resolveBridgePort } from '../../../src/bridge/bridge-cli.js';
import { tempHome } from '../../support/temp-home.js';

const CLI = path.resolve('dist/src/cli/keyport.js');

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('bridge arguments and port', () => {
  it('Given argv forms, When parsing, Then name, port and client come out or a usage message', () => {
    expect(parseBridgeArgs(['github'])).toEqual({ name: 'github', port: undefined, client: 'claude-desktop' });
    expect(parseBridgeArgs(['github', '--port=9000', '--client', 'cursor'])).toEqual({
      name: 'github',
      port: 9000,
      client: 'cursor',
    });
    expect(parseBridgeArgs([])).toMatch(/usage/);
    expect(parseBridgeArgs(['Bad Name'])).toMatch(/usage/);
    expect(parseBridgeArgs(['a', '--port', 'x'])).toMatch(/--port/);
  });

  it('Given flag, env and settings, When resolving the port, Then they win in that order over 8931', async () => {
    const home = tempHome('bridge-port');
    expect(await resolveBridgePort(undefined, {}, home)).toBe(8931);
    fs.writeFileSync(path.join(home, 'metadata.json'), JSON.stringify({ settings: { port: 9100 } }));
    expect(await resolveBridgePort(undefined, {}, home)).toBe(9100);
    expect(await resolveBridgePort(undefined, { KEYPORT_PORT: '9200' }, home)).toBe(9200);
    expect(await resolveBridgePort(9300, { KEYPORT_PORT: '9200' }, home)).toBe(9300);
  });
});

describe('bridge process', () => {
  it('Given no proxy on the port, When an SDK client initializes through the bridge, Then it gets an error naming `keyport serve`', async () => {
    const home = tempHome('bridge-down');
    fs.mkdirSync(path.join(home, 'client-keys'), { mode: 0o700 });
    fs.writeFileSync(path.join(home, 'client-keys', 'claude-desktop.key'), `kpk_${'Q'.repeat(43)}\n`, { mode: 0o600 });
    const port = await closedPort();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'bridge', 'github', '--port', String(port)],
      env: { KEYPORT_HOME: home, PATH: '' },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'test', version: '1.0.0' });
    await expect(client.connect(transport)).rejects.toThrow(
      /Keyport is not running on 127\.0\.0\.1:\d+: start it with `keyport serve`/,
    );
    await client.close();
    expect(stderr).toContain('Keyport proxy unreachable');
    expect(stderr).not.toContain('kpk_');
  });

  it('Given no local key file, When a client initializes, Then the error tells the user to run connect', async () => {
    const home = tempHome('bridge-nokey');
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'bridge', 'github', '--port', String(await closedPort())],
      env: { KEYPORT_HOME: home },
      stderr: 'ignore',
    });
    const client = new Client({ name: 'test', version: '1.0.0' });
    await expect(client.connect(transport)).rejects.toThrow(/keyport connect claude-desktop --write/);
    await client.close();
  });

  it('Given a running bridge, When its stdin closes, Then it exits with code 0 and wrote nothing to stdout', async () => {
    const home = tempHome('bridge-exit');
    const child = spawn(process.execPath, [CLI, 'bridge', 'github', '--port', String(await closedPort())], {
      env: { KEYPORT_HOME: home },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise((resolve) => child.stderr.once('data', resolve));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.stdin.end();
    expect(await exited).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain('stdin closed');
  });
});
