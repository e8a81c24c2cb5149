// The incremental chunked-body decoder: the same body whatever the socket reads look like,
// CRLF exactly where RFC 9112 §7.1 puts it, bounded lines and trailers, and a body limit.
import { describe, expect, it } from 'vitest';
import { ChunkedBodyDecoder, MAX_CHUNK_LINE, type PushResult } from '../../../../src/proxy/http1/chunked-body.js';

/** Encodes `body` as chunks of the given sizes (the last one takes the rest), then the last chunk. */
function chunked(body: string, sizes: readonly number[], tail = '0\r\n\r\n'): string {
  let out = '';
  let offset = 0;
  for (const size of sizes) {
    const part = body.slice(offset, offset + size);
    offset += size;
    if (part.length > 0) out += `${part.length.toString(16)}\r\n${part}\r\n`;
  }
  if (offset < body.length) out += `${(body.length - offset).toString(16)}\r\n${body.slice(offset)}\r\n`;
  return out + tail;
}

/** Feeds `wire` in the given pieces; returns the first result that is not `more` (or the last `more`). */
function feed(wire: Buffer, cuts: readonly number[], limit = 1 << 20): PushResult & { readonly at?: number } {
  const decoder = new ChunkedBodyDecoder(limit);
  let start = 0;
  let result: PushResult = { kind: 'more' };
  for (const cut of [...cuts, wire.length]) {
    if (cut <= start) continue;
    result = decoder.push(wire.subarray(start, cut));
    if (result.kind !== 'more') return { ...result, at: start };
    start = cut;
  }
  return result;
}

function decode(text: string, limit?: number): PushResult {
  return feed(Buffer.from(text, 'latin1'), [], limit);
}

function bodyOf(result: PushResult): string {
  if (result.kind !== 'done') throw new Error(`expected done, got ${JSON.stringify(result)}`);
  return result.body.toString('latin1');
}

const BODY = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hé"}}}';

describe('ChunkedBodyDecoder: reads split anywhere', () => {
  const wire = Buffer.from(chunked(BODY, [1, 16, 5, 33]), 'latin1');

  it('Given the body in one read, when decoded, then the body is whole and every byte is consumed', () => {
    const result = feed(wire, []);
    expect(bodyOf(result)).toBe(BODY);
    expect(result).toMatchObject({ consumed: wire.length });
  });

  it('Given the body fed one byte at a time, when decoded, then the result is the same', () => {
    const result = feed(
      wire,
      Array.from({ length: wire.length }, (_, index) => index),
    );
    expect(bodyOf(result)).toBe(BODY);
    expect(result).toMatchObject({ consumed: 1, at: wire.length - 1 });
  });

  it('Given the body split in two at every byte boundary, when decoded, then the result is the same each time', () => {
    for (let cut = 1; cut < wire.length; cut += 1) expect(bodyOf(feed(wire, [cut]))).toBe(BODY);
  });

  it('Given 200 random splits, when decoded, then the result is the same each time', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 200; round += 1) {
      const cuts = Array.from({ length: 1 + Math.floor(next() * 12) }, () => Math.floor(next() * wire.length)).sort(
        (a, b) => a - b,
      );
      expect(bodyOf(feed(wire, cuts))).toBe(BODY);
    }
  });

  it('Given sizes in upper and lower case hex with leading zeros, when decoded, then they are read as hex', () => {
    const data = 'x'.repeat(0x1a + 0xb);
    expect(bodyOf(decode(`001A\r\n${data.slice(0, 26)}\r\n0b\r\n${data.slice(26)}\r\n000\r\n\r\n`))).toBe(data);
  });

  it('Given binary data holding CR, LF and "0\\r\\n\\r\\n", when decoded, then the data is taken by size, not by content', () => {
    const data = '0\r\n\r\n\n\r\0\xff';
    expect(bodyOf(decode(chunked(data, [3])))).toBe(data);
  });
});

describe('ChunkedBodyDecoder: extensions and trailers', () => {
  it.each(['5;name=value', '5 ;a=b;c', '5\t;a="quoted ; string"', '5;'])(
    'Given the size line "%s", when decoded, then the extension is ignored',
    (line) => {
      expect(bodyOf(decode(`${line}\r\nhello\r\n0;last=1\r\n\r\n`))).toBe('hello');
    },
  );

  it('Given trailer fields, when decoded, then they are read and dropped and the body ends after them', () => {
    const text = chunked('hello', [5], '0\r\nX-Checksum: abc\r\nServer-Timing: db;dur=5\r\n\r\n');
    const result = decode(text);
    expect(bodyOf(result)).toBe('hello');
    expect(result).toMatchObject({ consumed: text.length });
  });

  it.each([
    ['a trailer without a colon', '0\r\nX-Checksum abc\r\n\r\n'],
    ['a space before a trailer colon', '0\r\nX-Checksum : abc\r\n\r\n'],
    ['obs-fold in the trailers', '0\r\nX-A: b\r\n c\r\n\r\n'],
    ['a NUL in a trailer', '0\r\nX-A: b\0\r\n\r\n'],
    [
      'trailers over 8 KiB',
      `0\r\n${Array.from({ length: 5 }, (_, i) => `X-${i}: ${'t'.repeat(2000)}\r\n`).join('')}\r\n`,
    ],
  ])('Given %s, when decoded, then it is bad', (_name, tail) => {
    expect(decode(chunked('hello', [5], tail)).kind).toBe('bad');
  });
});

describe('ChunkedBodyDecoder: malformed framing', () => {
  it.each([
    ['data longer than its size', '5\r\nhelloX\r\n0\r\n\r\n'],
    ['data shorter than its size', '6\r\nhello\r\n0\r\n\r\n'],
    ['a bare LF after the data', '5\r\nhello\n0\r\n\r\n'],
    ['a bare CR after the data', '5\r\nhello\r0\r\n\r\n'],
    ['LF CR after the data', '5\r\nhello\n\r0\r\n\r\n'],
    ['a size line ended by a bare LF', '5\nhello\r\n0\r\n\r\n'],
    ['a size line ended by CR CR LF', '5\r\r\nhello\r\n0\r\n\r\n'],
    ['the last chunk ended by a bare LF', '5\r\nhello\r\n0\n\r\n'],
    ['an empty size', '\r\nhello\r\n0\r\n\r\n'],
    ['a size that is not hex', 'g\r\nhello\r\n0\r\n\r\n'],
    ['a signed size', '+5\r\nhello\r\n0\r\n\r\n'],
    ['a 0x prefix', '0x5\r\nhello\r\n0\r\n\r\n'],
    ['a space before the size', ' 5\r\nhello\r\n0\r\n\r\n'],
    ['a space after the size without an extension', '5 \r\nhello\r\n0\r\n\r\n'],
    ['a size of nine hex digits', '000000005\r\nhello\r\n0\r\n\r\n'],
    ['a control byte in an extension', '5;a=\x01\r\nhello\r\n0\r\n\r\n'],
    ['a bare CR in an extension', '5;a=\rb\r\nhello\r\n0\r\n\r\n'],
  ])('Given %s, when decoded, then it is bad', (_name, text) => {
    expect(decode(text).kind).toBe('bad');
  });

  it('Given a size line of exactly the limit, when decoded, then it is accepted', () => {
    const line = `5;${'e'.repeat(MAX_CHUNK_LINE - 4)}\r\n`;
    expect(line.length).toBe(MAX_CHUNK_LINE);
    expect(bodyOf(decode(`${line}hello\r\n0\r\n\r\n`))).toBe('hello');
  });

  it('Given an extension one byte over the limit, when decoded, then it is bad', () => {
    expect(decode(`5;${'e'.repeat(MAX_CHUNK_LINE - 3)}\r\nhello\r\n0\r\n\r\n`)).toMatchObject({
      kind: 'bad',
      reason: 'Chunk line too long',
    });
  });

  it('Given an endless extension fed 100 bytes at a time, when the line passes the limit, then it is bad before any end of line', () => {
    const decoder = new ChunkedBodyDecoder(1 << 20);
    let result: PushResult = decoder.push(Buffer.from('5;'));
    let fed = 2;
    while (result.kind === 'more' && fed < 100 * MAX_CHUNK_LINE) {
      result = decoder.push(Buffer.alloc(100, 'e'));
      fed += 100;
    }
    expect(result.kind).toBe('bad');
    expect(fed).toBeLessThanOrEqual(MAX_CHUNK_LINE + 100);
  });
});

describe('ChunkedBodyDecoder: the body limit', () => {
  it('Given a body of exactly the limit, when decoded, then it is done', () => {
    expect(bodyOf(decode(chunked('0123456789', [6]), 10))).toBe('0123456789');
  });

  it('Given a body one byte over the limit, when the size line that passes it arrives, then it is too large before its data', () => {
    const decoder = new ChunkedBodyDecoder(10);
    expect(decoder.push(Buffer.from('6\r\n012345\r\n')).kind).toBe('more');
    expect(decoder.push(Buffer.from('5\r\n'))).toEqual({ kind: 'too-large' });
  });

  it('Given a single chunk claiming 4 GiB, when its size line arrives, then it is too large', () => {
    expect(decode('ffffffff\r\n', 4 * 1024 * 1024)).toMatchObject({ kind: 'too-large' });
  });
});

describe('ChunkedBodyDecoder: pipelined bytes after the body', () => {
  const next = 'GET /next HTTP/1.1\r\nHost: a\r\n\r\n';

  it('Given the body followed by another request in the same read, when decoded, then consumed stops at the body end', () => {
    const body = chunked('hello world', [5]);
    const input = Buffer.from(body + next, 'latin1');
    const result = decode(input.toString('latin1'));
    expect(bodyOf(result)).toBe('hello world');
    if (result.kind !== 'done') return;
    expect(result.consumed).toBe(body.length);
    expect(input.subarray(result.consumed).toString('latin1')).toBe(next);
  });

  it('Given the body ending inside a later read that also holds the next request, when decoded, then consumed is relative to that read', () => {
    const decoder = new ChunkedBodyDecoder(1024);
    expect(decoder.push(Buffer.from('5\r\nhel')).kind).toBe('more');
    const last = Buffer.from(`lo\r\n0\r\nX-T: 1\r\n\r\n${next}`, 'latin1');
    const result = decoder.push(last);
    expect(bodyOf(result)).toBe('hello');
    if (result.kind !== 'done') return;
    expect(last.subarray(result.consumed).toString('latin1')).toBe(next);
  });
});
