import { describe, expect, it } from 'vitest';
import { filterJsonAnswer, toolFilteringSink, type ListedToolCheck } from '../../../src/proxy/tool-list-filter.js';
import type { BodySink } from '../../../src/proxy/upstream-exchange.js';

const denyTicks: ListedToolCheck = (name) => name !== 'ticks';
const list = (id: unknown, names: string[], extra: object = {}) => ({
  jsonrpc: '2.0',
  id,
  result: { tools: names.map((name) => ({ name, inputSchema: { type: 'object' } })), ...extra },
});

/** A sink that records what reaches the client. */
function recordingSink() {
  const written: Buffer[] = [];
  const state = { ended: false, destroyed: false };
  const sink: BodySink = {
    write: (chunk) => written.push(chunk) > 0,
    end: (chunk) => {
      if (chunk !== undefined) written.push(chunk);
      state.ended = true;
    },
    onceDrain: () => undefined,
    destroy: () => {
      state.destroyed = true;
    },
  };
  return { sink, state, text: () => Buffer.concat(written).toString('utf8') };
}

describe('filtering tools/list answers', () => {
  it('Given a JSON answer, When a tool is denied, Then it is left out and nextCursor and _meta stay', () => {
    const body = Buffer.from(JSON.stringify(list(1, ['echo', 'ticks'], { nextCursor: 'c2', _meta: { a: 1 } })));
    expect(JSON.parse(filterJsonAnswer(body, denyTicks).toString())).toEqual(
      list(1, ['echo'], { nextCursor: 'c2', _meta: { a: 1 } }),
    );
  });

  it('Given a JSON answer with nothing denied, Then the very same bytes go out', () => {
    const body = Buffer.from(' {"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"echo","n":1.0}]}}\n');
    expect(filterJsonAnswer(body, denyTicks)).toBe(body);
  });

  it('Given a batch answer, Then every tools result in it is filtered and the other answers stay', () => {
    const body = Buffer.from(JSON.stringify([list('a', ['ticks', 'echo']), { jsonrpc: '2.0', id: 2, result: {} }]));
    expect(JSON.parse(filterJsonAnswer(body, denyTicks).toString())).toEqual([
      list('a', ['echo']),
      { jsonrpc: '2.0', id: 2, result: {} },
    ]);
  });

  it('Given a JSON answer that starts with a UTF-8 BOM (fetch reads it), Then it is read and filtered too', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(list(1, ['ticks'])))]);
    expect(JSON.parse(filterJsonAnswer(body, denyTicks).toString())).toEqual(list(1, []));
  });

  it('Given an answer that is not JSON, Then it is refused rather than relayed unread', () => {
    expect(() => filterJsonAnswer(Buffer.from('{"tools": ['), denyTicks)).toThrow(/not valid JSON/);
  });

  it('Given the readOnlyHint of each listed tool, Then the check is told it', () => {
    const seen: Array<[string, boolean]> = [];
    const body = {
      jsonrpc: '2.0',
      id: 1,
      result: {
        tools: [
          { name: 'a', annotations: { readOnlyHint: true } },
          { name: 'b', annotations: { readOnlyHint: 'yes' } },
          { name: 'c' },
          { title: 'no name' },
        ],
      },
    };
    filterJsonAnswer(Buffer.from(JSON.stringify(body)), (name, readOnly) => seen.push([name, readOnly]) > 0);
    expect(seen).toEqual([
      ['a', true],
      ['b', false],
      ['c', false],
    ]);
  });

  it('Given an SSE answer in small chunks, Then the tools event is rewritten, its id kept, and other events pass byte for byte', () => {
    const { sink, state, text } = recordingSink();
    const filter = toolFilteringSink(sink, { check: denyTicks, pending: new Set(['n:5']) });
    const stream =
      'id: p\r\ndata:\r\n\r\n' +
      `event: message\r\nid: 1\r\ndata: {"jsonrpc":"2.0","method":"notifications/tools/list_changed"}\r\n\r\n` +
      `event: message\r\nid: 2\r\ndata: ${JSON.stringify(list(5, ['ticks', 'echo']))}\r\n\r\n` +
      `data: ${JSON.stringify(list(6, ['ticks']))}\r\n\r\n`;
    const bytes = Buffer.from(stream);
    for (let at = 0; at < bytes.length; at += 7) filter.write(bytes.subarray(at, at + 7));
    filter.end();
    expect(state.ended).toBe(true);
    expect(text()).toBe(
      'id: p\r\ndata:\r\n\r\n' +
        `event: message\r\nid: 1\r\ndata: {"jsonrpc":"2.0","method":"notifications/tools/list_changed"}\r\n\r\n` +
        `event: message\nid: 2\ndata: ${JSON.stringify(list(5, ['echo']))}\n\n` +
        // The request's only tools/list was answered: what follows passes unread.
        `data: ${JSON.stringify(list(6, ['ticks']))}\r\n\r\n`,
    );
  });

  it('Given a GET stream (no pending ids), Then every event is read, to the end', () => {
    const { sink, text } = recordingSink();
    const filter = toolFilteringSink(sink, { check: denyTicks });
    filter.write(Buffer.from(`data: ${JSON.stringify(list(1, ['ticks']))}\n\n`));
    filter.end(Buffer.from(`data: ${JSON.stringify(list(2, ['ticks', 'echo']))}`));
    expect(text()).toBe(`data: ${JSON.stringify(list(1, []))}\n\ndata: ${JSON.stringify(list(2, ['echo']))}\n\n`);
  });

  it('Given an event larger than the bound, Then the stream is cut, never relayed unread', () => {
    const { sink, state, text } = recordingSink();
    const filter = toolFilteringSink(sink, { check: denyTicks, maxEventBytes: 64 });
    filter.write(Buffer.from('data: {"ok":1}\n\n'));
    filter.write(Buffer.from(`data: ${JSON.stringify(list(1, ['ticks', 'echo', 'more']))}`));
    filter.write(Buffer.from('\n\n'));
    filter.end();
    expect(state.destroyed).toBe(true);
    expect(text()).toBe('data: {"ok":1}\n\n');
  });
});
