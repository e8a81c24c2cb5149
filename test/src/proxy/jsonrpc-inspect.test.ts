import { describe, expect, it } from 'vitest';
import { countedCalls, inspectJsonRpc } from '../../../src/proxy/jsonrpc-inspect.js';

const inspect = (value: unknown) =>
  inspectJsonRpc(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));

describe('inspectJsonRpc', () => {
  it('Given a single tools/call, then it reports the method, the tool and the id — not the arguments', () => {
    const result = inspect({
      jsonrpc: '2.0',
      id: 9,
      method: 'tools/call',
      params: { name: 'search', arguments: { q: 'secret' } },
    });
    expect(result).toEqual({ ok: true, id: 9, messages: [{ method: 'tools/call', isRequest: true, tool: 'search' }] });
  });

  it('Given a batch with a notification and a response, then each message is described and only requests count', () => {
    const result = inspect([
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'a' } },
      { jsonrpc: '2.0', id: 'x', method: 'tools/list' },
      { jsonrpc: '2.0', method: 'notifications/progress' },
      { jsonrpc: '2.0', id: 3, result: {} },
    ]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.id).toBeNull();
    expect(result.messages.map((message) => message.method)).toEqual([
      'tools/call',
      'tools/list',
      'notifications/progress',
      undefined,
    ]);
    expect(countedCalls(result.messages, 'tools/call')).toBe(1);
    expect(countedCalls(result.messages, 'all')).toBe(2);
  });

  it('Given malformed JSON, an empty batch or a scalar, then it is a parse failure', () => {
    for (const body of ['{"jsonrpc":', '[]', '42', '', 'null']) expect(inspect(body).ok).toBe(false);
  });
});
