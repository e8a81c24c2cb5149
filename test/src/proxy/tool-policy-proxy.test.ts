// The tool policy in the proxy, with real parts: MCP SDK upstreams with annotated tools (SSE with
// sessions, stateless JSON, the legacy HTTP+SSE transport), paginated lists, batches, the SDK
// client through the real proxy, per-client rules, rules changed while the proxy runs. The
// upstream records every message it receives: a denied call never reaches it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/contract/dto.js';
import { applyToolRuleChange, type ToolRuleChange } from '../../../src/tool-policy/rule-edit.js';
import { canaryToken, describeWithKeychain } from '../../support/keychain-guard.js';
import { listAllTools } from '../../support/list-all-tools.js';
import { startProxyHarness, type ProxyHarness } from '../../support/proxy-harness.js';
import { rawRequest } from '../../support/raw-http.js';
import { startToolUpstream, type ToolUpstream, type ToolUpstreamMode } from '../../support/upstreams/tool-upstream.js';

const MCP_HEADERS = { accept: 'application/json, text/event-stream', 'content-type': 'application/json' };

describeWithKeychain('the tool policy in the proxy', () => {
  const token = canaryToken('7001');
  let harness: ProxyHarness;
  const keys: Record<string, string> = {};
  const upstreams = new Map<string, ToolUpstream>();
  const clients: Client[] = [];

  const setRule = async (name: string, client: string | null, change: ToolRuleChange) => {
    await harness.context.metadata.update((draft) => {
      const connection = draft.connections[name]!;
      connection.toolPolicy = applyToolRuleChange(connection.toolPolicy, client, change);
    });
  };
  const connect = async (name: string, client: string) => {
    const sdk = new Client({ name: `tool-policy-${client}`, version: '1.0.0' });
    const url = new URL(harness.endpoint(name));
    const headers = { Authorization: `Bearer ${keys[client]}` };
    const legacy = upstreams.get(name)?.url.endsWith('/sse');
    await sdk.connect(
      legacy
        ? new SSEClientTransport(url, { requestInit: { headers } })
        : new StreamableHTTPClientTransport(url, { requestInit: { headers } }),
    );
    clients.push(sdk);
    return sdk;
  };
  const allTools = listAllTools;
  const names = (tools: readonly Tool[]) => tools.map((tool) => tool.name);
  const audit = async (): Promise<AuditEntry[]> => {
    await harness.proxy.flush();
    return readFileSync(join(harness.home, 'audit.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AuditEntry);
  };
  const post = (name: string, client: string, body: unknown, headers: Record<string, string> = {}) =>
    rawRequest({
      port: harness.proxy.port,
      path: `/${name}/mcp`,
      method: 'POST',
      headers: { ...MCP_HEADERS, authorization: `Bearer ${keys[client]}`, ...headers },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    harness = await startProxyHarness('tool-policy');
    for (const client of ['cursor', 'readonly', 'agent']) keys[client] = await harness.addClient(client);
    const modes: Array<[string, ToolUpstreamMode, number | undefined]> = [
      ['sse-up', 'sse', 2],
      ['json-up', 'json', 2],
      ['legacy-up', 'legacy', undefined],
    ];
    for (const [name, mode, pageSize] of modes) {
      const upstream = await startToolUpstream({ mode, token, ...(pageSize === undefined ? {} : { pageSize }) });
      upstreams.set(name, upstream);
      await harness.addConnection({ name, url: upstream.url, token });
    }
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    await harness?.close();
    await Promise.all([...upstreams.values()].map((upstream) => upstream.close()));
  });

  it.each(['sse-up', 'json-up'])(
    'Given %s with `--deny ticks`, When the SDK client lists (in pages) and calls, Then ticks is neither listed nor sent upstream, and `--allow ticks` brings it back at once',
    async (name) => {
      const upstream = upstreams.get(name)!;
      await setRule(name, null, { kind: 'deny', tools: ['ticks'] });
      const sdk = await connect(name, 'cursor');

      const listed = await allTools(sdk);
      expect(names(listed)).toEqual(['echo', 'list_notes', 'delete_note', 'delete_all']);
      expect(listed[0]?.annotations).toEqual({ title: 'Echo', readOnlyHint: true, openWorldHint: false });
      await expect(sdk.callTool({ name: 'ticks', arguments: {} })).rejects.toThrow(
        new RegExp(
          `Tool "ticks" is denied by Keyport's tool policy for connection "${name}".*\`keyport tools ${name} --allow ticks\``,
        ),
      );
      expect(await sdk.callTool({ name: 'echo', arguments: { text: 'hi' } })).toMatchObject({
        content: [{ type: 'text', text: 'echo: hi' }],
      });
      expect(upstream.calls()).toEqual(['echo']);

      await setRule(name, null, { kind: 'allow', tools: ['ticks'] });
      expect(harness.context.metadata.read().connections[name]?.toolPolicy).toBeUndefined();
      expect(names(await allTools(sdk))).toContain('ticks');
      await sdk.callTool({ name: 'ticks', arguments: {} });
      expect(upstream.calls()).toEqual(['echo', 'ticks']);

      const denied = (await audit()).filter((entry) => entry.connection === name && entry.denied === true);
      expect(denied).toEqual([
        expect.objectContaining({ client: 'cursor', method: 'tools/call', tool: 'ticks', status: 200, denied: true }),
      ]);
    },
  );

  it('Given `--client readonly --only echo`, Then readonly sees and may call only echo, and the other clients are unaffected', async () => {
    const name = 'json-up';
    const upstream = upstreams.get(name)!;
    const before = upstream.calls().length;
    await setRule(name, null, { kind: 'deny', tools: ['delete_*'] });
    await setRule(name, 'readonly', { kind: 'only', tools: ['echo'] });
    const readonly = await connect(name, 'readonly');
    const cursor = await connect(name, 'cursor');

    expect(names(await allTools(readonly))).toEqual(['echo']);
    expect(names(await allTools(cursor))).toEqual(['echo', 'ticks', 'list_notes']);
    await expect(readonly.callTool({ name: 'list_notes', arguments: {} })).rejects.toThrow(
      /client "readonly"'s rule: only echo.*`keyport tools json-up --client readonly --allow list_notes`/,
    );
    await expect(cursor.callTool({ name: 'delete_note', arguments: { id: '1' } })).rejects.toThrow(
      /the connection's rule, which client "cursor" follows: every tool except delete_\*.*`keyport tools json-up --allow delete_note`/,
    );
    await readonly.callTool({ name: 'echo', arguments: { text: 'ro' } });
    await cursor.callTool({ name: 'list_notes', arguments: {} });
    expect(upstream.calls().slice(before)).toEqual(['echo', 'list_notes']);
    await setRule(name, 'readonly', { kind: 'reset' });
    await setRule(name, null, { kind: 'reset' });
  });

  it.each(['sse-up', 'json-up'])(
    'Given %s and a batch of tools/list and tools/call, Then the list in the batch answer is filtered and the call answered',
    async (name) => {
      await setRule(name, null, { kind: 'deny', tools: ['delete_*'] });
      const sdk = await connect(name, 'agent');
      const session = (sdk.transport as StreamableHTTPClientTransport).sessionId;
      const response = await post(
        name,
        'agent',
        [
          { jsonrpc: '2.0', id: 'list', method: 'tools/list', params: { cursor: '2' } },
          { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'echo', arguments: { text: 'b' } } },
        ],
        { 'mcp-protocol-version': '2025-06-18', ...(session === undefined ? {} : { 'mcp-session-id': session }) },
      );
      expect(response.status).toBe(200);
      const answers = name === 'json-up' ? (JSON.parse(response.body) as unknown[]) : sseMessages(response.body);
      const byId = new Map(answers.map((answer) => [(answer as { id: unknown }).id, answer]));
      // Page 2 holds list_notes and delete_note: the deny leaves list_notes, and the cursor stays.
      expect(byId.get('list')).toEqual({
        jsonrpc: '2.0',
        id: 'list',
        result: { tools: [expect.objectContaining({ name: 'list_notes' })], nextCursor: '4' },
      });
      expect(byId.get(7)).toMatchObject({ result: { content: [{ text: 'echo: b' }] } });
      await setRule(name, null, { kind: 'reset' });
    },
  );

  it('Given a batch holding a denied call, Then nothing of it is sent and each request gets its own error', async () => {
    const name = 'json-up';
    const upstream = upstreams.get(name)!;
    const before = upstream.received.length;
    await setRule(name, null, { kind: 'deny', tools: ['ticks'] });
    const response = await post(name, 'agent', [
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: { text: 'x' } } },
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'ticks', arguments: {} } },
      { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 1 } },
    ]);
    expect(response.status).toBe(200);
    const answers = JSON.parse(response.body) as Array<{ id: number; error: { code: number; message: string } }>;
    expect(answers.map((answer) => [answer.id, answer.error.code])).toEqual([
      [1, -32024],
      [2, -32023],
    ]);
    expect(answers[0]?.error.message).toMatch(/^Not sent: this batch also calls "ticks"/);
    expect(answers[1]?.error.message).toContain('`keyport tools json-up --allow ticks`');
    expect(upstream.received.length).toBe(before);
    const last = (await audit()).at(-1);
    expect(last).toMatchObject({ method: 'tools/call,tools/call,notifications/progress', tool: 'ticks', denied: true });
    await setRule(name, null, { kind: 'reset' });
  });

  it('Given `--read-only`, Then only tools annotated readOnlyHint are listed and callable, and an unlisted tool fails closed', async () => {
    const name = 'sse-up';
    const upstream = upstreams.get(name)!;
    await setRule(name, 'agent', { kind: 'read-only' });
    const fresh = await connect(name, 'agent');
    // Never listed through this proxy and no cached list: not known to be read-only.
    await expect(fresh.callTool({ name: 'mystery', arguments: {} })).rejects.toThrow(
      /Tool "mystery" was in no tools\/list of connection "sse-up".*`keyport tools sse-up`/,
    );
    expect(names(await allTools(fresh))).toEqual(['echo', 'list_notes']);
    await expect(fresh.callTool({ name: 'delete_note', arguments: {} })).rejects.toThrow(
      /Tool "delete_note" is not annotated read-only, and Keyport's tool policy for connection "sse-up" \(client "agent"'s rule: read-only tools\)/,
    );
    expect(upstream.calls()).not.toContain('mystery');
    expect(upstream.calls()).not.toContain('delete_note');
    await setRule(name, 'agent', { kind: 'reset' });
  });

  it('Given a rule that allows ticks, When ticks sends notifications/tools/list_changed on its SSE answer, Then the notification passes through', async () => {
    const name = 'sse-up';
    await setRule(name, null, { kind: 'deny', tools: ['delete_*'] });
    const sdk = await connect(name, 'cursor');
    const changed = new Promise<string>((resolve) =>
      sdk.setNotificationHandler(ToolListChangedNotificationSchema, (notification) => resolve(notification.method)),
    );
    await allTools(sdk);
    await sdk.callTool({ name: 'ticks', arguments: {} });
    expect(await changed).toBe('notifications/tools/list_changed');
    await setRule(name, null, { kind: 'reset' });
  });

  it('Given the legacy HTTP+SSE transport, When the answers come on the GET stream, Then they are filtered there and a denied call is refused with a 403', async () => {
    const name = 'legacy-up';
    const upstream = upstreams.get(name)!;
    await setRule(name, null, { kind: 'deny', tools: ['ticks', 'delete_*'] });
    const sdk = await connect(name, 'cursor');
    expect(names((await sdk.listTools()).tools)).toEqual(['echo', 'list_notes']);
    // A legacy POST's answer is not read: the refusal is an HTTP 403 whose body the client reports.
    await expect(sdk.callTool({ name: 'ticks', arguments: {} })).rejects.toThrow(
      /HTTP 403\): .*Tool \\"ticks\\" is denied.*`keyport tools legacy-up --allow ticks`/,
    );
    expect(upstream.calls()).not.toContain('ticks');
  });

  it('Given a rule, When a tools/list goes upstream, Then it asks for an unencoded answer (the proxy must read it)', async () => {
    const name = 'json-up';
    await setRule(name, null, { kind: 'deny', tools: ['ticks'] });
    const response = await post(
      name,
      'cursor',
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { 'accept-encoding': 'gzip, br' },
    );
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(response.body)).toMatchObject({ result: { tools: expect.any(Array) } });
    expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(response.body));
    await setRule(name, null, { kind: 'reset' });
  });

  it('Given a tools/call whose params name the tool twice, Then the proxy refuses it (the server might read the other name)', async () => {
    const name = 'json-up';
    const upstream = upstreams.get(name)!;
    const before = upstream.received.length;
    await setRule(name, null, { kind: 'deny', tools: ['ticks'] });
    const response = await rawRequest({
      port: harness.proxy.port,
      path: `/${name}/mcp`,
      method: 'POST',
      headers: { ...MCP_HEADERS, authorization: `Bearer ${keys.cursor}` },
      body: '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","name":"ticks","arguments":{}}}',
    });
    expect(response.status).toBe(400);
    expect(response.body).toContain('a key written twice');
    expect(upstream.received.length).toBe(before);
    await setRule(name, null, { kind: 'reset' });
  });

  it('Given a denied tool with a 300-character name, Then the refusal names it whole and the audit line cuts it to 128', async () => {
    const name = 'json-up';
    const long = `x${'y'.repeat(299)}`;
    await setRule(name, null, { kind: 'deny', tools: ['x*'] });
    const response = await post(name, 'cursor', {
      jsonrpc: '2.0',
      id: 3,
      method: 'tools/call',
      params: { name: long, arguments: {} },
    });
    expect(response.status).toBe(200);
    expect((JSON.parse(response.body) as { error: { message: string } }).error.message).toContain('--reset');
    expect((await audit()).at(-1)).toMatchObject({ tool: long.slice(0, 128), denied: true });
    await setRule(name, null, { kind: 'reset' });
  });
});

/** The JSON-RPC messages of an SSE body. */
function sseMessages(body: string): unknown[] {
  return body
    .split(/\r?\n/)
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).trim())
    .filter((data) => data !== '')
    .map((data) => JSON.parse(data) as unknown);
}
