// The SSE event splitter against the parser the MCP SDK's client reads streams with
// (eventsource-parser behind a TextDecoder): for random streams cut at random places, both see the
// same events with the same data, so an event the proxy filters is the event the client reads.
import { createParser } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import { SseEventSplitter, sseEventData, withSseEventData } from '../../../src/proxy/sse-events.js';

function ours(chunks: readonly Buffer[]): string[] {
  const splitter = new SseEventSplitter();
  const data: string[] = [];
  let first = true;
  for (const chunk of chunks) {
    for (const raw of splitter.push(chunk)) {
      const value = sseEventData(raw.toString('utf8'), first);
      first = false;
      if (value !== undefined) data.push(value);
    }
  }
  return data;
}

function theirs(chunks: readonly Buffer[]): string[] {
  const data: string[] = [];
  const parser = createParser({ onEvent: (event) => data.push(event.data) });
  const decoder = new TextDecoder();
  for (const chunk of chunks) parser.feed(decoder.decode(chunk, { stream: true }));
  return data;
}

/** A small deterministic random source (the failures reproduce). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const PIECES = ['data:', 'data: ', 'data', 'event: message', 'id: 7', ': ping', 'retry: 10', 'x', '{"a":1}', 'é€'];
const BREAKS = ['\n', '\r\n', '\r'];

function randomStream(next: () => number): Buffer {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  let text = next() < 0.2 ? '\ufeff' : '';
  const lines = 1 + Math.floor(next() * 30);
  for (let line = 0; line < lines; line += 1) {
    if (next() < 0.3) text += pick(BREAKS);
    else text += pick(PIECES) + (next() < 0.5 ? pick(PIECES) : '') + pick(BREAKS);
  }
  return Buffer.from(text, 'utf8');
}

function cut(bytes: Buffer, next: () => number): Buffer[] {
  const chunks: Buffer[] = [];
  let at = 0;
  while (at < bytes.length) {
    const size = 1 + Math.floor(next() * 12);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

describe('SSE events', () => {
  it('Given 3,000 random streams in random chunks, When split, Then the events and their data equal the SDK parser’s', () => {
    const next = random(20);
    for (let run = 0; run < 3000; run += 1) {
      const stream = randomStream(next);
      const chunks = cut(stream, next);
      expect(ours(chunks), JSON.stringify(stream.toString('utf8'))).toEqual(theirs(chunks));
    }
  });

  it('Given events, When split, Then each raw event is its exact bytes and an unfinished one waits', () => {
    const splitter = new SseEventSplitter();
    expect(splitter.push(Buffer.from('id: 1\r\ndata: a\r\n\r\ndata: b\r'))).toEqual([
      Buffer.from('id: 1\r\ndata: a\r\n\r\n'),
    ]);
    expect(splitter.pendingBytes).toBe(8);
    expect(splitter.push(Buffer.from('\n\r\n: tail'))).toEqual([Buffer.from('data: b\r\n\r\n')]);
    expect(splitter.rest().toString()).toBe(': tail');
  });

  it('Given an event, When its data is replaced, Then id, event and comment lines stay and one data line carries the new data', () => {
    const raw = 'id: 9\r\nevent: message\r\n: note\r\ndata: {"a":\r\ndata: 1}\r\n\r\n';
    expect(sseEventData(raw, false)).toBe('{"a":\n1}');
    expect(withSseEventData(raw, '{"a":2}', false)).toBe('id: 9\nevent: message\n: note\ndata: {"a":2}\n\n');
    expect(withSseEventData('\ufeffdata: 1\n\n', '2', true)).toBe('\ufeffdata: 2\n\n');
    expect(sseEventData('\ufeffdata: 1\n\n', true)).toBe('1');
    expect(sseEventData(': only a comment\n\n', false)).toBeUndefined();
  });
});
