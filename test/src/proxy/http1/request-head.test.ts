// The strict request-head parser: every smuggling shape is refused, well-formed heads parse
// exactly (request-head-differential.test.ts compares it with node:http's own parser).
import { describe, expect, it } from 'vitest';
import {
  headEnd,
  MAX_HEAD_BYTES,
  MAX_HEADER_COUNT,
  parseRequestHead,
  type HeadFailure,
  type RequestHead,
} from '../../../../src/proxy/http1/request-head.js';

const CRLF = '\r\n';

/** A head from a request line and header lines, ended by the empty line. */
function head(requestLine: string, ...fields: string[]): string {
  return [requestLine, ...fields].join(CRLF) + CRLF + CRLF;
}

function accepted(text: string): RequestHead {
  const result = parseRequestHead(text);
  if ('status' in result) throw new Error(`expected ${JSON.stringify(text)} to parse, got ${result.reason}`);
  return result;
}

function refused(text: string): HeadFailure {
  const result = parseRequestHead(text);
  if (!('status' in result)) throw new Error(`expected ${JSON.stringify(text)} to be refused`);
  return result;
}

describe('parseRequestHead: request-smuggling shapes (RFC 9112 §6.3, §11.2)', () => {
  const post = 'POST /demo/mcp HTTP/1.1';
  const cases: ReadonlyArray<readonly [string, string]> = [
    ['Content-Length with Transfer-Encoding', head(post, 'Host: a', 'Content-Length: 5', 'Transfer-Encoding: chunked')],
    ['Transfer-Encoding with Content-Length', head(post, 'Host: a', 'Transfer-Encoding: chunked', 'Content-Length: 5')],
    ['duplicate Transfer-Encoding', head(post, 'Host: a', 'Transfer-Encoding: chunked', 'Transfer-Encoding: chunked')],
    ['Transfer-Encoding list "chunked, chunked"', head(post, 'Host: a', 'Transfer-Encoding: chunked, chunked')],
    ['Transfer-Encoding "gzip, chunked"', head(post, 'Host: a', 'Transfer-Encoding: gzip, chunked')],
    ['Transfer-Encoding "chunked, identity"', head(post, 'Host: a', 'Transfer-Encoding: chunked, identity')],
    ['Transfer-Encoding "identity"', head(post, 'Host: a', 'Transfer-Encoding: identity')],
    ['Transfer-Encoding "xchunked"', head(post, 'Host: a', 'Transfer-Encoding: xchunked')],
    ['an empty Transfer-Encoding', head(post, 'Host: a', 'Transfer-Encoding:')],
    ['Transfer-Encoding in HTTP/1.0', head('POST / HTTP/1.0', 'Transfer-Encoding: chunked')],
    ['duplicate Content-Length, same value', head(post, 'Host: a', 'Content-Length: 5', 'Content-Length: 5')],
    ['Content-Length list "5, 5"', head(post, 'Host: a', 'Content-Length: 5, 5')],
    ['a space before the colon (Content-Length)', head(post, 'Host: a', 'Content-Length : 5')],
    ['a space before the colon (Transfer-Encoding)', head(post, 'Host: a', 'Transfer-Encoding : chunked')],
    ['a tab before the colon', head(post, 'Host: a', 'Content-Length\t: 5')],
    ['obs-fold with a space', head(post, 'Host: a', 'Transfer-Encoding:', ' chunked')],
    ['obs-fold with a tab', head(post, 'Host: a', 'X-Note: one', '\ttwo')],
    ['obs-fold carrying a colon', head(post, 'Host: a', 'X-Note: one', ' Content-Length: 5')],
    ['a bare LF between fields', `${post}\r\nHost: a\nContent-Length: 5\r\n\r\n`],
    ['a bare LF after the request line', `${post}\nHost: a\r\n\r\n`],
    ['a bare CR between fields', `${post}\r\nHost: a\rContent-Length: 5\r\n\r\n`],
    ['a bare CR in a value', head(post, 'Host: a', 'X-A: b\rc')],
    ['CR CR LF', `${post}\r\nHost: a\r\r\n\r\n`],
    ['a NUL in a value', head(post, 'Host: a', 'X-A: b\0c')],
    ['a control byte 0x01 in a value', head(post, 'Host: a', 'X-A: b\x01c')],
    ['a DEL in a value', head(post, 'Host: a', 'X-A: b\x7fc')],
    ['a vertical tab in a value', head(post, 'Host: a', 'X-A: b\x0bc')],
    ['a NUL in a name', head(post, 'Host: a', 'X\0A: b')],
    ['an empty header name', head(post, 'Host: a', ': b')],
    ['a line without a colon', head(post, 'Host: a', 'Content-Length 5')],
    ['a space inside a name', head(post, 'Host: a', 'Content Length: 5')],
    ['a non-token name byte', head(post, 'Host: a', 'X(A): b')],
    ['a duplicate Host', head(post, 'Host: a', 'Host: b')],
    ['a duplicate Authorization', head(post, 'Host: a', 'Authorization: Bearer x', 'Authorization: Bearer y')],
    ['a duplicate Origin', head(post, 'Host: a', 'Origin: http://127.0.0.1', 'Origin: http://evil')],
    ['a duplicate Content-Type', head(post, 'Host: a', 'Content-Type: a/b', 'content-type: c/d')],
    ['a duplicate framing header in another case', head(post, 'Host: a', 'content-length: 5', 'CONTENT-LENGTH: 5')],
  ];

  it.each(cases)('Given %s, when parsed, then it is a 400', (_name, text) => {
    expect(refused(text).status).toBe(400);
  });
});

describe('parseRequestHead: request lines', () => {
  const refusedLines: ReadonlyArray<readonly [string, string, number]> = [
    ['absolute-form', 'GET http://127.0.0.1:8931/demo/mcp HTTP/1.1', 400],
    ['asterisk-form', 'OPTIONS * HTTP/1.1', 400],
    ['CONNECT authority-form', 'CONNECT 127.0.0.1:443 HTTP/1.1', 400],
    ['a lowercase method', 'get / HTTP/1.1', 400],
    ['a method that is no HTTP method', 'FOO / HTTP/1.1', 400],
    ['a method with a digit', 'GET2 / HTTP/1.1', 400],
    ['two spaces after the method', 'GET  / HTTP/1.1', 400],
    ['a trailing space', 'GET / HTTP/1.1 ', 400],
    ['tabs as separators', 'GET\t/\tHTTP/1.1', 400],
    ['no version', 'GET /', 400],
    ['a lowercase version', 'GET / http/1.1', 400],
    ['a version without a minor number', 'GET / HTTP/1', 400],
    ['a space inside the target', 'GET /a b HTTP/1.1', 400],
    ['a DEL in the target', 'GET /a\x7f HTTP/1.1', 400],
    ['a byte above 0x7e in the target', 'GET /caf\xe9 HTTP/1.1', 400],
    ['an empty target', 'GET  HTTP/1.1', 400],
    ['HTTP/2.0', 'GET / HTTP/2.0', 505],
    ['HTTP/0.9', 'GET / HTTP/0.9', 505],
    ['HTTP/1.2', 'GET / HTTP/1.2', 505],
  ];

  it.each(refusedLines)('Given %s, when parsed, then the status is %i', (_name, line, status) => {
    expect(refused(head(line, 'Host: a')).status).toBe(status);
  });

  it('Given an empty line before the request line, when parsed, then it is refused (stricter than RFC 9112 §2.2 allows)', () => {
    expect(refused(`\r\n${head('GET / HTTP/1.1', 'Host: a')}`).status).toBe(400);
  });

  it('Given an origin-form target with a query and visible punctuation, when parsed, then the url is kept byte for byte', () => {
    const url = "/demo/mcp?x=1&y=%20z;a=(b)!*'~$,@:/?#f";
    expect(accepted(head(`DELETE ${url} HTTP/1.1`, 'Host: a')).url).toBe(url);
  });

  it.each(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'])(
    'Given the method %s, when parsed, then it is accepted as is',
    (method) => {
      expect(accepted(head(`${method} / HTTP/1.1`, 'Host: a')).method).toBe(method);
    },
  );
});

describe('parseRequestHead: Host and HTTP versions', () => {
  it('Given HTTP/1.1 without Host, when parsed, then it is a 400', () => {
    expect(refused(head('GET / HTTP/1.1', 'Accept: */*')).status).toBe(400);
  });

  it('Given HTTP/1.0 without Host, when parsed, then it is accepted and closes after the response', () => {
    const parsed = accepted(head('GET / HTTP/1.0'));
    expect(parsed).toMatchObject({ http10: true, close: true, framing: { kind: 'none' } });
    expect(parsed.headers.host).toBeUndefined();
  });

  it.each<readonly [string, string | undefined, boolean]>([
    ['HTTP/1.0', undefined, true],
    ['HTTP/1.0', 'keep-alive', false],
    ['HTTP/1.0', 'Keep-Alive', false],
    ['HTTP/1.0', 'x, keep-alive', false],
    ['HTTP/1.0', 'close', true],
    ['HTTP/1.0', 'keep-alived', true],
    ['HTTP/1.1', undefined, false],
    ['HTTP/1.1', 'keep-alive', false],
    ['HTTP/1.1', 'close', true],
    ['HTTP/1.1', 'Close', true],
    ['HTTP/1.1', 'keep-alive, close', true],
    ['HTTP/1.1', 'Upgrade,close', true],
    ['HTTP/1.1', 'closed', false],
    ['HTTP/1.1', 'x-close', false],
  ])('Given %s with Connection: %s, when parsed, then close is %s', (version, connection, close) => {
    const fields = ['Host: a', ...(connection === undefined ? [] : [`Connection: ${connection}`])];
    expect(accepted(head(`GET / ${version}`, ...fields)).close).toBe(close);
  });
});

describe('parseRequestHead: Content-Length', () => {
  it.each<readonly [string, number]>([
    ['5', 5],
    ['0', 0],
    ['007', 7],
    [' 5 ', 5],
    ['\t5', 5],
    ['999999999999999', 999_999_999_999_999],
  ])('Given Content-Length "%s", when parsed, then the body length is %i', (value, length) => {
    const parsed = accepted(head('POST / HTTP/1.1', 'Host: a', `Content-Length: ${value}`));
    expect(parsed.framing).toEqual(length === 0 ? { kind: 'none' } : { kind: 'length', length });
  });

  it.each(['+5', '-5', '5 5', '0x10', '1e3', '5.0', '', 'five', '9999999999999999', '99999999999999999999999'])(
    'Given Content-Length "%s", when parsed, then it is a 400',
    (value) => {
      expect(refused(head('POST / HTTP/1.1', 'Host: a', `Content-Length: ${value}`)).status).toBe(400);
    },
  );

  it('Given "Transfer-Encoding: Chunked" in another case and with spaces, when parsed, then the body is chunked', () => {
    expect(accepted(head('POST / HTTP/1.1', 'Host: a', 'Transfer-Encoding:  Chunked ')).framing).toEqual({
      kind: 'chunked',
    });
  });
});

describe('parseRequestHead: field values', () => {
  it('Given repeated non-singleton fields in mixed case, when parsed, then they are joined with ", " under a lower-case name', () => {
    const parsed = accepted(head('GET / HTTP/1.1', 'Host: a', 'Accept: a/b', 'X-Y: 1', 'accept: c/d', 'ACCEPT: e/f'));
    expect(parsed.headers).toEqual({ host: 'a', accept: 'a/b, c/d, e/f', 'x-y': '1' });
  });

  it('Given tabs and spaces around and inside values, when parsed, then only the outer ones are trimmed', () => {
    const parsed = accepted(
      head('GET / HTTP/1.1', 'Host:\t a \t', 'X-A:\tone\ttwo  three\t', 'X-Empty:', 'X-Blank:  \t'),
    );
    expect(parsed.headers).toEqual({ host: 'a', 'x-a': 'one\ttwo  three', 'x-empty': '', 'x-blank': '' });
  });

  it('Given obs-text bytes in a value, when parsed, then they are kept (as node:http keeps them)', () => {
    expect(accepted(head('GET / HTTP/1.1', 'Host: a', 'X-A: caf\xe9\xff')).headers['x-a']).toBe('caf\xe9\xff');
  });

  it('Given fields named like Object.prototype members, when parsed, then they are plain fields', () => {
    const parsed = accepted(
      head('GET / HTTP/1.1', 'Host: a', 'constructor: x', 'toString: y', '__proto__: z', 'hasOwnProperty: w'),
    );
    expect(parsed.headers.constructor).toBe('x');
    expect(parsed.headers.tostring).toBe('y');
    expect(parsed.headers.hasownproperty).toBe('w');
    expect(Object.getOwnPropertyDescriptor(parsed.headers, '__proto__')?.value).toBe('z');
    expect(Object.keys(parsed.headers)).toEqual(['host', 'constructor', 'tostring', '__proto__', 'hasownproperty']);
  });
});

describe('headEnd and the size limits', () => {
  /** A head of exactly `size` bytes: a request line, Host, and one padding field. */
  function headOfSize(size: number): string {
    const bare = head('GET / HTTP/1.1', 'Host: a', 'X-Pad: ');
    return head('GET / HTTP/1.1', 'Host: a', `X-Pad: ${'p'.repeat(size - bare.length)}`);
  }

  it('Given an incomplete head, when searched, then the end is not known yet', () => {
    expect(headEnd(Buffer.from('GET / HTTP/1.1\r\nHost: a\r\n'))).toBe(-1);
  });

  it('Given a head of exactly 16 KiB, when searched and parsed, then it is accepted', () => {
    const text = headOfSize(MAX_HEAD_BYTES);
    expect(text.length).toBe(16 * 1024);
    expect(headEnd(Buffer.from(`${text}GET /next`, 'latin1'))).toBe(MAX_HEAD_BYTES);
    expect(accepted(text).headers['x-pad']).toHaveLength(MAX_HEAD_BYTES - 36);
  });

  it('Given a head one byte over 16 KiB, when searched, then it is a 431', () => {
    expect(headEnd(Buffer.from(headOfSize(MAX_HEAD_BYTES + 1), 'latin1'))).toEqual({
      status: 431,
      reason: 'Request head too large',
    });
  });

  it('Given 16 KiB + 1 bytes with no end of head yet, when searched, then it is already a 431', () => {
    expect(headEnd(Buffer.alloc(MAX_HEAD_BYTES, 'a'))).toBe(-1);
    expect(headEnd(Buffer.alloc(MAX_HEAD_BYTES + 1, 'a'))).toMatchObject({ status: 431 });
  });

  it('Given a head ending in CRLF CRLF exactly at the 16 KiB boundary of a longer buffer, when searched, then the end is the boundary', () => {
    const text = headOfSize(MAX_HEAD_BYTES);
    expect(headEnd(Buffer.from(text + 'x'.repeat(MAX_HEAD_BYTES), 'latin1'))).toBe(MAX_HEAD_BYTES);
  });

  it('Given 200 header fields, when parsed, then it is accepted; given 201, then it is a 431', () => {
    const fields = (count: number) => Array.from({ length: count }, (_, index) => `X-F${index}: ${index}`);
    expect(MAX_HEADER_COUNT).toBe(200);
    expect(Object.keys(accepted(head('GET / HTTP/1.1', 'Host: a', ...fields(199))).headers)).toHaveLength(200);
    expect(refused(head('GET / HTTP/1.1', 'Host: a', ...fields(200))).status).toBe(431);
  });
});
