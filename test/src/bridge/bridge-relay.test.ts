// The bridge process against a real proxy: survives a proxy restart (same session), picks up a
// replaced local key, and never logs the key or the upstream token.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureClientKey, clientKeyPath } from '../../../src/clients/client-key-file.js';
import { createCoreContext } from '../../../src/core/create-core-context.js';
import type { CoreContext } from '../../../src/core/context.js';
import { createTokenService } from '../../../src/core/token-service.js';
import { silentLogger } from '../../../src/logger.js';
import { startProxy, type RunningProxy } from '../../../src/proxy/start-proxy.js';
import { canaryToken, describeWithKeychain, uniqueKeychainService } from '../../support/keychain-guard.js';
import { tempHome } from '../../support/temp-home.js';
import { startStatefulUpstream, type BearerUpstream } from '../../support/upstreams/bearer-upstreams.js';
import { startSessionLossUpstream, type SessionLossUpstream } from '../../support/upstreams/session-loss-upstream.js';

const CLI = path.resolve('dist/src/cli/keyport.js');

/** The proxy learns of new keys through metadata change events: wait until it takes this one. */
async function untilProxyAccepts(proxyUrl: string, key: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const res = await fetch(new URL('/agents/mcp', proxyUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: '{',
    });
    await res.arrayBuffer();
    if (res.status !== 401) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the proxy never accepted the new key');
}

describeWithKeychain('bridge relay through a running proxy', () => {
  const dataDir = tempHome('bridge-relay');
  const env = { KEYPORT_HOME: dataDir, KEYPORT_KEYCHAIN_SERVICE: uniqueKeychainService('bridge') };
  const token = canaryToken('b1d9');
  let upstream: BearerUpstream;
  let forgetful: SessionLossUpstream;
  let context: CoreContext;
  let proxy: RunningProxy;
  let client: Client;
  let stderr = '';

  const echo = async (text: string) => {
    const result = await client.callTool({ name: 'echo', arguments: { text } });
    return (result.content as Array<{ text: string }>)[0]?.text;
  };

  beforeAll(async () => {
    upstream = await startStatefulUpstream(token);
    forgetful = await startSessionLossUpstream(token);
    context = createCoreContext({ env, logger: silentLogger });
    await createTokenService(context).add({ name: 'agents', url: upstream.url, token, verify: false });
    await createTokenService(context).add({ name: 'forgetful', url: forgetful.url, token, verify: false });
    await ensureClientKey({ ...context, client: 'claude-desktop' });
    proxy = await startProxy({ context, port: 0 });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'bridge', 'agents', '--port', String(proxy.port)],
      env: { KEYPORT_HOME: dataDir, KEYPORT_LOG_LEVEL: 'debug' },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    client = new Client({ name: 'relay-test', version: '1.0.0' });
    await client.connect(transport);
  });

  afterAll(async () => {
    await client?.close();
    await proxy?.close();
    await upstream?.close();
    await forgetful?.close();
    context?.metadata.close();
    context?.usage.close();
  });

  it('Given a proxy restart on the same port, When calling before, during and after, Then the outage is a clear error and the session carries on', async () => {
    const seenBefore = upstream.seen.length;
    expect(await echo('before')).toBe('before');
    const port = proxy.port;
    await proxy.close();
    await expect(echo('during')).rejects.toThrow(/Keyport is not running on 127\.0\.0\.1:\d+/);
    proxy = await startProxy({ context, port });
    expect(await echo('after')).toBe('after');
    const sessions = new Set(
      upstream.seen
        .slice(seenBefore)
        .map((seen) => seen.headers['mcp-session-id'])
        .filter(Boolean),
    );
    expect(sessions.size).toBe(1);
  });

  it('Given connect replaced the local key, When the next call gets 401, Then the bridge re-reads the key file and the call succeeds', async () => {
    fs.rmSync(clientKeyPath(dataDir, 'claude-desktop'));
    const { created } = await ensureClientKey({ ...context, client: 'claude-desktop' });
    expect(created).toBe(true);
    await untilProxyAccepts(proxy.url, fs.readFileSync(clientKeyPath(dataDir, 'claude-desktop'), 'utf8').trim());
    expect(await echo('new key')).toBe('new key');
  });

  it('Given an upstream that forgot the session (404), When the next call goes through the bridge, Then it re-initialises and the call succeeds', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'bridge', 'forgetful', '--port', String(proxy.port)],
      env: { KEYPORT_HOME: dataDir, KEYPORT_LOG_LEVEL: 'debug' },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const forgetfulClient = new Client({ name: 'relay-test', version: '1.0.0' });
    await forgetfulClient.connect(transport);
    try {
      const first = await forgetfulClient.callTool({ name: 'echo', arguments: { text: 'first' } });
      expect((first.content as Array<{ text: string }>)[0]?.text).toBe('first');
      expect(forgetful.initializeCount()).toBe(1);
      await forgetful.forgetSessions();
      const result = await forgetfulClient.callTool({ name: 'echo', arguments: { text: 'again' } });
      expect((result.content as Array<{ text: string }>)[0]?.text).toBe('again');
      expect(forgetful.initializeCount()).toBe(2);
      expect(stderr).toContain('session re-initialised');
    } finally {
      await forgetfulClient.close();
    }
  });

  it('Given a live session with its GET stream open, When stdin closes, Then the bridge exits 0', async () => {
    const child = spawn(process.execPath, [CLI, 'bridge', 'agents', '--port', String(proxy.port)], {
      env: { KEYPORT_HOME: dataDir },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const lines: string[] = [];
    const answered = (id: number) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (lines.some((line) => line.includes(`"id":${id}`))) resolve();
          else child.stdout.once('data', check);
        };
        check();
      });
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      lines.push(...buffer.split('\n').slice(0, -1));
      buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
    });
    const send = (message: object) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
    send({
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
    });
    await answered(1);
    send({ method: 'notifications/initialized' });
    send({ id: 2, method: 'tools/list' });
    await answered(2);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.stdin.end();
    expect(await exited).toBe(0);
  });

  it('Given `printf \'%s\\n\' "$INIT" | keyport bridge agents` (stdin closed right after the request), Then the initialize result is printed and the bridge exits 0', async () => {
    const init = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'printf', version: '1' } },
    });
    const child = spawn(
      'bash',
      ['-c', `printf '%s\\n' "$INIT" | "${process.execPath}" "${CLI}" bridge agents --port ${proxy.port}`],
      { env: { KEYPORT_HOME: dataDir, INIT: init, PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
    expect(code).toBe(0);
    const answer = JSON.parse(stdout.trim()) as { id: number; result?: { serverInfo?: { name?: string } } };
    expect(answer).toMatchObject({ id: 1, result: { serverInfo: { name: 'stateful-upstream' } } });
  });

  it('Then the bridge log holds neither the local key nor the upstream token', () => {
    expect(stderr).toContain('keyport bridge started');
    expect(stderr).not.toMatch(/kpk_[A-Za-z0-9_-]{8}/);
    expect(stderr).not.toContain(token);
  });
});
