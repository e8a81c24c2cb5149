// Answers the tool policy cannot read are not relayed unread: an upstream that compresses a
// tools/list answer although Keyport asked for identity, or sends one larger than the bound, gets
// the client the proxy's 502 with the reason (real proxy, scripted upstream on a real socket).
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyToolRuleChange } from '../../../src/tool-policy/rule-edit.js';
import { MAX_FILTERED_BYTES } from '../../../src/proxy/tool-list-filter.js';
import { canaryToken, describeWithKeychain } from '../../support/keychain-guard.js';
import { startProxyHarness, type ProxyHarness } from '../../support/proxy-harness.js';
import { jsonRpcPost, rawRequest } from '../../support/raw-http.js';
import { startScriptedUpstream, type Received, type ScriptedUpstream } from '../../support/scripted-upstream.js';

const TICKS_LIST = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { tools: [{ name: 'ticks' }, { name: 'echo' }] } });

function jsonAnswer(socket: Received['socket'], body: Buffer, extra = ''): void {
  socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n${extra}\r\n`);
  socket.write(body);
}

describeWithKeychain('tools/list answers the policy cannot read', () => {
  const token = canaryToken('7003');
  let harness: ProxyHarness;
  let key: string;
  const upstreams: ScriptedUpstream[] = [];

  const connection = async (name: string, answer: (request: Received) => void) => {
    const upstream = await startScriptedUpstream(answer);
    upstreams.push(upstream);
    await harness.addConnection({ name, url: `${upstream.origin}/mcp`, token });
    await harness.context.metadata.update((draft) => {
      draft.connections[name]!.toolPolicy = applyToolRuleChange(undefined, null, { kind: 'deny', tools: ['ticks'] });
    });
    return upstream;
  };
  const listTools = (name: string) =>
    rawRequest({
      port: harness.proxy.port,
      path: `/${name}/mcp`,
      method: 'POST',
      headers: {
        accept: 'application/json, text/event-stream',
        'content-type': 'application/json',
        'accept-encoding': 'gzip',
        authorization: `Bearer ${key}`,
      },
      body: jsonRpcPost(1, 'tools/list'),
    });

  beforeAll(async () => {
    harness = await startProxyHarness('tool-answers');
    key = await harness.addClient('cursor');
  });
  afterAll(async () => {
    await harness?.close();
    await Promise.all(upstreams.map((upstream) => upstream.close()));
  });

  it('Given a rule, When the upstream gzips the tools/list answer anyway, Then the client gets a 502 naming the encoding, not the list', async () => {
    const upstream = await connection('gzips', ({ socket }) =>
      jsonAnswer(socket, gzipSync(TICKS_LIST), 'content-encoding: gzip\r\n'),
    );
    const response = await listTools('gzips');
    expect(upstream.received[0]?.head).toMatch(/\r\naccept-encoding: identity\r\n/i);
    expect(response.status).toBe(502);
    expect(response.body).toContain('an answer in gzip encoding, which Keyport cannot read to apply the tool policy');
  });

  it('Given a rule, When the tools/list answer is larger than the bound, Then the client gets a 502 and nothing of the list', async () => {
    const padding = 'x'.repeat(MAX_FILTERED_BYTES);
    await connection('huge', ({ socket }) =>
      jsonAnswer(
        socket,
        Buffer.from(
          JSON.stringify({ jsonrpc: '2.0', id: 1, result: { tools: [{ name: 'ticks', description: padding }] } }),
        ),
      ),
    );
    const response = await listTools('huge');
    expect(response.status).toBe(502);
    expect(response.body).toContain(`A tools/list answer is larger than ${MAX_FILTERED_BYTES} bytes`);
    expect(response.body).not.toContain('ticks');
  });
});
