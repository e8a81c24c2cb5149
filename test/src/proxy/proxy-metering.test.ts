// Metering, the audit log, live edits from another process, and the canary: after traffic the
// counts are right, persisted in batches, never containing a secret.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { createCoreContext } from '../../../src/core/create-core-context.js';
import type { CoreContext } from '../../../src/core/context.js';
import { createLineLogger } from '../../../src/logger.js';
import type { AuditEntry } from '../../../src/contract/dto.js';
import { auditLogPath } from '../../../src/proxy/audit-log.js';
import { canaryToken, describeWithKeychain } from '../../support/keychain-guard.js';
import { startProxyHarness, type ProxyHarness } from '../../support/proxy-harness.js';
import { jsonRpcPost, rawRequest } from '../../support/raw-http.js';
import {
  startStatefulUpstream,
  startStatelessUpstream,
  type BearerUpstream,
} from '../../support/upstreams/bearer-upstreams.js';

const JSON_HEADERS = { accept: 'application/json, text/event-stream', 'content-type': 'application/json' };
const SECRET_ARGUMENT = 'argument-that-must-not-be-logged-7f3e';

describeWithKeychain('proxy metering, audit log, live edits and canary', () => {
  const token = canaryToken('c0de');
  const rotated = canaryToken('beef');
  const logLines: string[] = [];
  let harness: ProxyHarness;
  let upstream: BearerUpstream;
  let second: BearerUpstream;
  let other: CoreContext;
  let key: string;

  const post = (name: string, body: string, clientKey = key) =>
    rawRequest({
      port: harness.proxy.port,
      path: `/${name}/mcp`,
      method: 'POST',
      headers: { ...JSON_HEADERS, authorization: `Bearer ${clientKey}` },
      body,
    });
  const call = (name: string, id: number, clientKey = key) =>
    post(name, jsonRpcPost(id, 'tools/call', { name: 'echo', arguments: { text: SECRET_ARGUMENT } }), clientKey);

  beforeAll(async () => {
    upstream = await startStatelessUpstream(token, {
      'ratelimit-limit': '5000',
      'ratelimit-remaining': '4990',
      'ratelimit-reset': '3600',
    });
    second = await startStatefulUpstream(rotated);
    harness = await startProxyHarness('proxy-metering', {
      flushIntervalMs: 600_000,
      logger: createLineLogger({ write: (line) => logLines.push(line), level: 'debug' }),
    });
    key = await harness.addClient('claude-code');
    // Another process (the CLI) editing the same data folder and keychain service.
    other = createCoreContext({ env: harness.env, logger: createLineLogger({ write: (line) => logLines.push(line) }) });
  });

  afterAll(async () => {
    other?.metadata.close();
    other?.usage.close();
    await harness?.close();
    await Promise.all([upstream?.close(), second?.close()]);
  });

  it('Given tools/call, tools/list and a batch, when flushed, then calls count tools/call only, per method and client, with last use — and nothing was written before the flush', async () => {
    await harness.context.metadata.update((draft) => {
      draft.accounts.team = { name: 'team', quota: { limit: 25_000, resetDay: 1 } };
    });
    await harness.addConnection({ name: 'svc', url: upstream.url, token, account: 'team' });
    const readsBefore = harness.keychainReads();
    expect((await post('svc', jsonRpcPost(1, 'tools/list'))).status).toBe(200);
    expect((await call('svc', 2)).status).toBe(200);
    expect((await call('svc', 3)).status).toBe(200);
    const batch = JSON.stringify([
      { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'echo', arguments: { text: 'b' } } },
      { jsonrpc: '2.0', id: 5, method: 'tools/list' },
    ]);
    expect((await post('svc', batch)).status).toBe(200);

    expect(harness.keychainReads()).toBe(readsBefore);
    expect(harness.context.usage.read().connections.svc).toBeUndefined();

    await harness.proxy.flush();
    const usage = harness.context.usage.read();
    const svc = usage.connections.svc!;
    expect(svc.period?.calls).toBe(3);
    expect(svc.byMethod).toEqual({ 'tools/list': 2, 'tools/call': 3 });
    expect(svc.byClient).toEqual({ 'claude-code': 4 });
    expect(svc.totalRequests).toBe(4);
    expect(svc.lastUsedAt).not.toBeNull();
    expect(Object.values(svc.daily)).toEqual([3]);
    expect(usage.accounts.team?.calls).toBe(3);
    expect(usage.clients['claude-code']?.lastUsedAt).not.toBeNull();
    expect(svc.providerQuota).toMatchObject({ limit: 5000, remaining: 4990 });
  });

  it('Given countedCalls "all", then every request counts against the quota, notifications do not', async () => {
    await harness.addConnection({ name: 'all-calls', url: upstream.url, token });
    await harness.context.metadata.update((draft) => {
      draft.settings.countedCalls = 'all';
    });
    try {
      const before = harness.context.usage.read().connections['all-calls']?.period?.calls ?? 0;
      await post('all-calls', jsonRpcPost(20, 'tools/list'));
      await post('all-calls', JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
      await harness.proxy.flush();
      expect(harness.context.usage.read().connections['all-calls']?.period?.calls).toBe(before + 1);
    } finally {
      await harness.context.metadata.update((draft) => {
        draft.settings.countedCalls = 'tools/call';
      });
    }
  });

  it('Given the audit log, then each request has time, client, connection, method, tool, status and latency — never arguments', async () => {
    await harness.addConnection({ name: 'audited', url: upstream.url, token });
    expect((await call('audited', 21)).status).toBe(200);
    const batch = JSON.stringify([
      { jsonrpc: '2.0', id: 22, method: 'tools/call', params: { name: 'echo', arguments: { text: SECRET_ARGUMENT } } },
      { jsonrpc: '2.0', id: 23, method: 'tools/list' },
    ]);
    expect((await post('audited', batch)).status).toBe(200);
    await harness.proxy.flush();
    const entries = readFileSync(auditLogPath(harness.home), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditEntry)
      .filter((entry) => entry.connection === 'audited');
    const toolCall = entries.find((entry) => entry.method === 'tools/call');
    expect(toolCall).toMatchObject({ client: 'claude-code', connection: 'audited', tool: 'echo', status: 200 });
    expect(readFileSync(auditLogPath(harness.home), 'utf8')).not.toContain(SECRET_ARGUMENT);
    expect(typeof toolCall?.latencyMs).toBe('number');
    expect(Number.isNaN(Date.parse(toolCall!.time))).toBe(false);
    expect(entries.some((entry) => entry.method === 'tools/call,tools/list')).toBe(true);
  });

  it('Given edits by another process while serving, then add, rotate, set, pause, client add/remove and remove take effect without a restart and no count is lost', async () => {
    const own = await startStatelessUpstream(token);
    onTestFinished(() => own.close());
    await harness.addConnection({ name: 'edited', url: own.url, token });
    expect((await call('edited', 29)).status).toBe(200);
    await harness.proxy.flush();
    const usageBefore = harness.context.usage.read().connections.edited?.period?.calls ?? 0;
    const startedAt = new Date().toISOString();
    // Rotate elsewhere: new secret in the keychain, new tokenSetAt in the metadata.
    own.setToken(rotated);
    await other.vault.set('edited', rotated);
    await other.metadata.update((draft) => {
      draft.connections.edited!.tokenSetAt = new Date(Date.now() + 1000).toISOString();
    });
    await expect.poll(async () => (await call('edited', 30)).status, { timeout: 5000 }).toBe(200);
    expect(own.seen.at(-1)?.headers.authorization).toBe(`Bearer ${rotated}`);

    // Client added elsewhere.
    const { generateClientKey } = await import('../../../src/proxy/client-keys.js');
    const cursor = generateClientKey();
    await other.metadata.update((draft) => {
      draft.clients.cursor = {
        name: 'cursor',
        keyHash: cursor.keyHash,
        masked: cursor.masked,
        createdAt: new Date().toISOString(),
      };
    });
    await expect.poll(async () => (await call('edited', 31, cursor.key)).status, { timeout: 5000 }).toBe(200);

    // A connection added elsewhere, then its URL set to another upstream.
    await other.vault.set('next', rotated);
    await other.metadata.update((draft) => {
      draft.connections.next = { ...draft.connections.edited!, name: 'next', account: null };
    });
    await expect.poll(async () => (await call('next', 32)).status, { timeout: 5000 }).toBe(200);
    await other.metadata.update((draft) => {
      draft.connections.next!.url = second.url;
    });
    await expect
      .poll(
        async () =>
          (
            await post(
              'next',
              jsonRpcPost(1, 'initialize', {
                protocolVersion: '2025-06-18',
                capabilities: {},
                clientInfo: { name: 't', version: '1' },
              }),
            )
          ).headers['mcp-session-id'] !== undefined,
        { timeout: 5000 },
      )
      .toBe(true);

    // Pause elsewhere, then resume.
    await other.metadata.update((draft) => {
      draft.connections.edited!.paused = true;
    });
    await expect.poll(async () => (await call('edited', 33)).status, { timeout: 5000 }).toBe(503);
    await other.metadata.update((draft) => {
      draft.connections.edited!.paused = false;
    });
    await expect.poll(async () => (await call('edited', 34)).status, { timeout: 5000 }).toBe(200);

    // Client removed elsewhere.
    await other.metadata.update((draft) => {
      delete draft.clients.cursor;
    });
    await expect.poll(async () => (await call('edited', 35, cursor.key)).status, { timeout: 5000 }).toBe(401);

    // Connection removed elsewhere.
    await other.metadata.update((draft) => {
      delete draft.connections.next;
    });
    await other.vault.delete('next');
    await expect.poll(async () => (await call('next', 36)).status, { timeout: 5000 }).toBe(404);

    await harness.proxy.flush();
    const audit = readFileSync(auditLogPath(harness.home), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditEntry);
    const svcCallsOk = audit.filter(
      (entry) =>
        entry.time >= startedAt &&
        entry.connection === 'edited' &&
        entry.method === 'tools/call' &&
        entry.status === 200,
    );
    const svcCalls = harness.context.usage.read().connections.edited?.period?.calls ?? 0;
    expect(svcCallsOk.length).toBeGreaterThanOrEqual(4);
    expect(svcCalls - usageBefore).toBe(svcCallsOk.length);
  });

  it('Given an SDK session through the proxy, then the canary token and the client keys appear in no log, audit line or data file', async () => {
    await harness.addConnection({ name: 'canary', url: second.url, token: rotated });
    const client = new Client({ name: 'canary', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(harness.endpoint('canary')), {
        requestInit: { headers: { Authorization: `Bearer ${key}` } },
      }),
    );
    await client.callTool({ name: 'echo', arguments: { text: SECRET_ARGUMENT } });
    await client.close();
    await harness.proxy.flush();
    const files = ['audit.log', 'metadata.json', 'usage.json'].map((file) =>
      readFileSync(join(harness.home, file), 'utf8'),
    );
    const haystack = [...logLines, ...files].join('\n');
    expect(files[0]).toContain('tools/call');
    for (const secret of [token, rotated, key, SECRET_ARGUMENT, token.slice(8, 40)]) {
      expect(haystack).not.toContain(secret);
    }
  });
});
