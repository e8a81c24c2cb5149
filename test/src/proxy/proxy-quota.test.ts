// Quota and usage through the real proxy, the real keychain and MCP SDK upstreams: the hard stop holds
// under concurrency and gives room back on failure, calls are counted with or without a quota, and
// request-chosen method names cannot stop usage from being saved.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TokenSummary } from '../../../src/contract/dto.js';
import { controlCharacters } from '../../support/control-characters.js';
import { canaryToken, describeWithKeychain } from '../../support/keychain-guard.js';
import { startProxyHarness, type ProxyHarness } from '../../support/proxy-harness.js';
import { jsonRpcPost, rawRequest } from '../../support/raw-http.js';
import { runKeyport } from '../../support/run-keyport.js';
import { startStatelessUpstream, type BearerUpstream } from '../../support/upstreams/bearer-upstreams.js';

const JSON_HEADERS = { accept: 'application/json, text/event-stream', 'content-type': 'application/json' };

describeWithKeychain('proxy quota and usage (real proxy, keychain and SDK upstreams)', () => {
  const token = canaryToken('9a7e');
  const warnings: string[] = [];
  let harness: ProxyHarness;
  let upstream: BearerUpstream;
  let key: string;

  const post = (name: string, body: string) =>
    rawRequest({
      port: harness.proxy.port,
      path: `/${name}/mcp`,
      method: 'POST',
      headers: { ...JSON_HEADERS, authorization: `Bearer ${key}` },
      body,
    });
  /** tools/call requests the upstream received for this connection's path so far. */
  const upstreamPosts = (from: number) => upstream.seen.slice(from).filter((seen) => seen.method === 'POST').length;

  beforeAll(async () => {
    upstream = await startStatelessUpstream(token);
    harness = await startProxyHarness('proxy-quota', {
      flushIntervalMs: 600_000,
      logger: {
        debug: () => undefined,
        info: () => undefined,
        error: () => undefined,
        warn: (message) => warnings.push(message),
      },
    });
    key = await harness.addClient('agent');
    await harness.context.metadata.update((draft) => void (draft.settings.hardStopAtQuota = true));
  });
  afterAll(async () => {
    await harness?.close();
    await upstream?.close();
  });

  it('Given a quota of 5 and the hard stop, When 40 tools/call arrive at once, Then at most 5 reach the upstream and are answered 200, the rest get 429', async () => {
    await harness.addConnection({ name: 'burst', url: upstream.url, token, quota: { limit: 5, resetDay: 1 } });
    const before = upstream.seen.length;
    let settled = 0;
    // `count` with gated: true holds each call at the upstream until the test lets it go, so all 40
    // are in flight together.
    const calls = Array.from({ length: 40 }, (_, index) =>
      post(
        'burst',
        jsonRpcPost(100 + index, 'tools/call', { name: 'count', arguments: { n: 1, gated: true } }),
      ).finally(() => (settled += 1)),
    );
    await expect.poll(() => settled + upstreamPosts(before), { timeout: 10_000 }).toBe(40);
    const reached = upstreamPosts(before);
    for (let index = 0; index < reached; index += 1) upstream.ack();
    const statuses = (await Promise.all(calls)).map((response) => response.status);

    expect(reached).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 200)).toHaveLength(reached);
    expect(statuses.filter((status) => status === 429)).toHaveLength(40 - reached);
    expect(reached).toBe(5); // and no room was lost either
  });

  it('Given a quota of 3, When calls fail upstream (token rejected), Then their room is given back and 3 later calls still pass', async () => {
    await harness.addConnection({ name: 'flaky', url: upstream.url, token, quota: { limit: 3, resetDay: 1 } });
    const call = (id: number) =>
      post('flaky', jsonRpcPost(id, 'tools/call', { name: 'echo', arguments: { text: 'x' } }));
    upstream.setToken('something-else');
    try {
      for (let id = 1; id <= 4; id += 1) expect((await call(id)).status).toBe(401);
    } finally {
      upstream.setToken(token);
    }
    for (let id = 5; id <= 7; id += 1) expect((await call(id)).status).toBe(200);
    expect((await call(8)).status).toBe(429);
  });

  it('Given a token without a quota, When it is called, Then `keyport list --json` shows its calls this period', async () => {
    await harness.addConnection({ name: 'free', url: upstream.url, token });
    for (let id = 1; id <= 3; id += 1) {
      expect(
        (await post('free', jsonRpcPost(id, 'tools/call', { name: 'echo', arguments: { text: 'x' } }))).status,
      ).toBe(200);
    }
    expect((await post('free', jsonRpcPost(4, 'tools/list'))).status).toBe(200);
    await harness.proxy.flush();
    const list = await runKeyport(['list', '--json'], { env: { ...process.env, ...harness.env } });
    const free = (JSON.parse(list.stdout) as TokenSummary[]).find((summary) => summary.name === 'free');
    expect(free?.quota).toMatchObject({ limit: null, used: 3 });
    const usage = await runKeyport(['usage', 'free', '--json'], { env: { ...process.env, ...harness.env } });
    expect(JSON.parse(usage.stdout)).toMatchObject({ quota: { limit: null, used: 3 }, totalRequests: 4 });
  });

  it('Given notifications named constructor, __proto__ and hasOwnProperty, Then usage keeps being saved, across a restart too', async () => {
    await harness.addConnection({ name: 'odd', url: upstream.url, token });
    for (const method of ['constructor', '__proto__', 'hasOwnProperty']) {
      expect((await post('odd', JSON.stringify({ jsonrpc: '2.0', method }))).status).toBeLessThan(300);
    }
    await harness.proxy.flush();
    expect((await post('odd', jsonRpcPost(9, 'tools/call', { name: 'echo', arguments: { text: 'x' } }))).status).toBe(
      200,
    );
    await harness.proxy.flush();
    await harness.restart();
    const saved = harness.context.usage.read().connections.odd!;
    expect(saved.totalRequests).toBe(4);
    expect(Object.entries(saved.byMethod).sort()).toEqual([
      ['__proto__', 1],
      ['constructor', 1],
      ['hasOwnProperty', 1],
      ['tools/call', 1],
    ]);
    expect(saved.period?.calls).toBe(1);
    expect(warnings.filter((warning) => warning.includes('Usage could not be saved'))).toEqual([]);
  });

  it('Given a method name of 5,000 characters, Then usage and the audit log keep its first 128', async () => {
    await harness.addConnection({ name: 'long', url: upstream.url, token });
    const method = `x/${'y'.repeat(5000)}`;
    await post('long', JSON.stringify({ jsonrpc: '2.0', method }));
    await harness.proxy.flush();
    expect(Object.keys(harness.context.usage.read().connections.long!.byMethod)).toEqual([method.slice(0, 128)]);
    const audit = await runKeyport(['log', '--json', '-n', '1'], { env: { ...process.env, ...harness.env } });
    expect(JSON.parse(audit.stdout)).toMatchObject({ connection: 'long', method: method.slice(0, 128) });
  });

  it('Given a method and a tool name full of escape sequences, Then `keyport log` and `keyport usage` print no control character', async () => {
    await harness.addConnection({ name: 'ansi', url: upstream.url, token });
    const evil =
      '\u001b[2J\u001b[H\r\n2026-01-01T00:00:00.000Z  ansi  agent  tools/call fake  200  1.0 ms\u0007\u009b\u202e';
    await post('ansi', JSON.stringify({ jsonrpc: '2.0', method: `notifications/${evil}` }));
    await post('ansi', jsonRpcPost(1, 'tools/call', { name: evil, arguments: {} }));
    await harness.proxy.flush();
    const env = { ...process.env, ...harness.env };
    const log = await runKeyport(['log', '-n', '2'], { env });
    expect(log.stdout).toContain('\\x1b[2J');
    expect(log.stdout.trim().split('\n')).toHaveLength(2);
    expect(controlCharacters(log.stdout)).toEqual([]);
    const usage = await runKeyport(['usage', 'ansi'], { env });
    expect(usage.stdout).toContain('notifications/\\x1b[2J');
    expect(controlCharacters(usage.stdout)).toEqual([]);
  });
});
