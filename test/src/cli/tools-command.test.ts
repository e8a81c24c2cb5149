// Issue 20's acceptance through the built CLI (`dist/src/cli/keyport.js`) and `keyport serve` as
// child processes: a real MCP SDK upstream with annotated tools (SSE sessions, lists in pages of
// two), the real keychain, the SDK client through the proxy and through the stdio bridge. The
// upstream records every message it receives: it never sees a denied call.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clientKeyPath } from '../../../src/clients/client-key-file.js';
import type { AuditEntry, ToolPolicyView } from '../../../src/contract/dto.js';
import { startServe, type ServeProcess } from '../../robustness/support/serve-process.js';
import { canaryToken, describeWithKeychain, uniqueKeychainService } from '../../support/keychain-guard.js';
import { listAllTools } from '../../support/list-all-tools.js';
import { networkEnv } from '../../support/network-env.js';
import { KEYPORT_CLI, runKeyport, type KeyportRun } from '../../support/run-keyport.js';
import { readAllFiles, tempHome } from '../../support/temp-home.js';
import { startToolUpstream, type ToolUpstream } from '../../support/upstreams/tool-upstream.js';

describeWithKeychain('keyport tools (built CLI, keyport serve, real keychain)', () => {
  const home = tempHome('cli-tools');
  const service = uniqueKeychainService('tools');
  // This process's environment (the private keychain's bus) without proxy variables: the upstream is on loopback.
  const env = networkEnv(process.env, { KEYPORT_HOME: home, KEYPORT_KEYCHAIN_SERVICE: service });
  const token = canaryToken('7004');
  const outputs: KeyportRun[] = [];
  const keys: Record<string, string> = {};
  const clients: Client[] = [];
  let upstream: ToolUpstream;
  let serve: ServeProcess;

  const keyport = async (args: string[], input?: string) => {
    const result = await runKeyport(args, { env, ...(input === undefined ? {} : { input }) });
    outputs.push(result);
    return result;
  };
  const ok = async (args: string[]) => {
    const result = await keyport(args);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return result.stdout;
  };
  const sdkClient = async (client: string) => {
    const sdk = new Client({ name: `tools-${client}`, version: '1.0.0' });
    await sdk.connect(
      new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${serve.port}/up/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${keys[client]}` } },
      }),
    );
    clients.push(sdk);
    return sdk;
  };
  const listed = async (sdk: Client) => (await listAllTools(sdk)).map((tool) => tool.name);

  beforeAll(async () => {
    upstream = await startToolUpstream({ mode: 'sse', token, pageSize: 2 });
    expect((await keyport(['add', 'up', '--url', upstream.url, '--no-verify'], `${token}\n`)).code).toBe(0);
    for (const client of ['cursor', 'readonly']) {
      const added = await keyport(['client', 'add', client, '--json']);
      keys[client] = (JSON.parse(added.stdout) as { key: string }).key;
    }
    serve = await startServe({ env });
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    await serve?.stop();
    await upstream?.close();
    await runKeyport(['remove', 'up'], { env });
  });

  it('Given a connection, When `keyport tools up` runs, Then it lists every tool live with its annotations and who may use it', async () => {
    const text = await ok(['tools', 'up']);
    expect(text).toMatch(/^up: 5 tools of tool-upstream, listed just now\.\nEvery client: every tool\.\n\n/);
    expect(text).toMatch(/TOOL\s+ANNOTATIONS\s+EVERY CLIENT\s+cursor\s+readonly\s+DESCRIPTION/);
    expect(text).toMatch(/echo\s+read-only\s+allowed\s+allowed\s+allowed\s+Echoes its text/);
    expect(text).toMatch(/delete_note\s+destructive\s+allowed/);
    const view = JSON.parse(await ok(['tools', 'up', '--json'])) as ToolPolicyView;
    expect(view.source).toBe('live');
    expect(view.tools.map((tool) => tool.name)).toEqual(['echo', 'ticks', 'list_notes', 'delete_note', 'delete_all']);
    expect(view.tools[0]?.annotations).toEqual({ title: 'Echo', readOnlyHint: true, openWorldHint: false });
    // A listing is not a call: the upstream saw tools/list, no tools/call.
    expect(upstream.calls()).toEqual([]);
  });

  // Each change returns once the running proxy confirmed it (proxies/<pid>.json): no waiting after it.
  it('Given `keyport tools up --deny ticks`, Then an SDK client through the proxy no longer lists ticks, a call is refused and never reaches the upstream; `--allow ticks` restores it', async () => {
    expect(await ok(['tools', 'up', '--deny', 'ticks'])).toBe(
      'Connection up, every client: every tool except ticks.\n',
    );
    const sdk = await sdkClient('cursor');
    expect(await listed(sdk)).toEqual(['echo', 'list_notes', 'delete_note', 'delete_all']);
    await expect(sdk.callTool({ name: 'ticks', arguments: {} })).rejects.toThrow(
      /Tool "ticks" is denied by Keyport's tool policy for connection "up" .*Allow it with `keyport tools up --allow ticks`\./,
    );
    expect(upstream.calls()).not.toContain('ticks');
    expect(upstream.received.filter((message) => message.method === 'tools/call')).toEqual([]);

    expect(await ok(['tools', 'up', '--allow', 'ticks'])).toContain('Connection up, every client: every tool.');
    expect(await listed(sdk)).toContain('ticks');
    expect(await sdk.callTool({ name: 'ticks', arguments: {} })).toMatchObject({ content: [{ text: 'ticks: ticks' }] });
    expect(upstream.calls()).toEqual(['ticks']);
  });

  it('Given `keyport tools up --client readonly --only echo`, Then readonly sees and may call only echo, and other clients are unaffected', async () => {
    expect(await ok(['tools', 'up', '--client', 'readonly', '--only', 'echo'])).toBe(
      'Client readonly on up: only echo.\n',
    );
    const readonly = await sdkClient('readonly');
    const cursor = await sdkClient('cursor');
    expect(await listed(readonly)).toEqual(['echo']);
    expect(await listed(cursor)).toEqual(['echo', 'ticks', 'list_notes', 'delete_note', 'delete_all']);
    await expect(readonly.callTool({ name: 'list_notes', arguments: {} })).rejects.toThrow(
      /`keyport tools up --client readonly --allow list_notes`/,
    );
    await readonly.callTool({ name: 'echo', arguments: { text: 'ro' } });
    await cursor.callTool({ name: 'delete_note', arguments: { id: '1' } });
    expect(upstream.calls()).toEqual(['ticks', 'echo', 'delete_note']);

    const table = await ok(['tools', 'up', '--client', 'readonly']);
    expect(table).toContain('Client readonly: only echo.');
    expect(table).toMatch(/TOOL\s+ANNOTATIONS\s+readonly\s+DESCRIPTION/);
    expect(table).toMatch(/ticks\s+-\s+denied/);
  });

  it('Given the stdio bridge for client readonly, Then it gets the same policy (it goes through the proxy)', async () => {
    const keyFile = clientKeyPath(home, 'readonly');
    mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
    writeFileSync(keyFile, `${keys.readonly}\n`, { mode: 0o600 });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [KEYPORT_CLI, 'bridge', 'up', '--client', 'readonly', '--port', String(serve.port)],
      env: { KEYPORT_HOME: home, PATH: process.env.PATH ?? '' },
      stderr: 'ignore',
    });
    const bridged = new Client({ name: 'bridged', version: '1.0.0' });
    await bridged.connect(transport);
    clients.push(bridged);
    expect(await listed(bridged)).toEqual(['echo']);
    await expect(bridged.callTool({ name: 'ticks', arguments: {} })).rejects.toThrow(
      /Tool "ticks" is not among the tools Keyport's tool policy for connection "up" \(client "readonly"'s rule: only echo\) allows/,
    );
    expect(upstream.calls()).toEqual(['ticks', 'echo', 'delete_note']);
  });

  it('Given the refusals, Then `keyport log` shows them as denied', async () => {
    const isDenied = (entry: AuditEntry) => entry.denied === true;
    let entries: AuditEntry[] = [];
    await expect
      .poll(
        async () => {
          const log = await keyport(['log', '--json', '-n', '200']);
          entries = log.stdout
            .trim()
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as AuditEntry);
          return entries.filter(isDenied).length;
        },
        { timeout: 6000, interval: 250 },
      )
      .toBe(3);
    expect(entries.filter(isDenied).map((entry) => [entry.client, entry.tool])).toEqual([
      ['cursor', 'ticks'],
      ['readonly', 'list_notes'],
      ['readonly', 'ticks'],
    ]);
    expect(await ok(['log'])).toMatch(/ up {2}cursor {2}tools\/call ticks {2}200 DENIED by the tool policy {2}/);
  });

  it('Given the upstream is down, Then `keyport tools up` shows the cached list and says why it is not live', async () => {
    await upstream.close();
    const text = await ok(['tools', 'up']);
    expect(text).toMatch(
      /^up: the upstream could not be listed \(Cannot reach .*\)\. Showing the 5 tools of tool-upstream listed/,
    );
    expect(text).toContain('Client readonly: only echo.');
    expect((JSON.parse(await ok(['tools', 'up', '--json'])) as ToolPolicyView).source).toBe('cache');
  });

  it('Given bad input, Then each is one line naming the fix and nothing changes', async () => {
    const before = JSON.parse(await ok(['tools', 'up', '--json'])) as ToolPolicyView;
    const cases: Array<[string[], RegExp]> = [
      [['tools', 'up', '--deny', 'two words'], /--deny takes tool names separated by commas/],
      [['tools', 'up', '--deny', 'a*b'], /has a \* that is not at its end/],
      [
        ['tools', 'up', '--client', 'nobody', '--deny', 'x'],
        /No client named "nobody"; create its key with `keyport client add nobody`/,
      ],
      [['tools', 'up', '--deny', 'x', '--allow', 'y'], /Give one of --deny, --allow, --only, --read-only and --reset/],
      [['tools', 'nope'], /No connection named "nope"/],
    ];
    for (const [args, message] of cases) {
      const result = await keyport(args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(JSON.parse(await ok(['tools', 'up', '--json']))).toMatchObject({
      rule: before.rule,
      clients: before.clients,
    });
  });

  it('Given all of the above, Then the token appears in no output and no file of the data folder', () => {
    for (const output of outputs) {
      expect(output.stdout).not.toContain(token);
      expect(output.stderr).not.toContain(token);
    }
    for (const { file, content } of readAllFiles(home)) expect(content, file).not.toContain(token);
    expect(serve.output().stderr).not.toContain(token);
  });
});
