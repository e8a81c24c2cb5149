// The upstream response-head parser: how a body is framed, whether the connection can be reused,
// and every head that could be split two ways refused rather than guessed.
import { describe, expect, it } from 'vitest';
import {
  parseResponseHead,
  type ResponseHead,
  type ResponseHeadFailure,
} from '../../../../src/proxy/upstream/response-head.js';

function head(statusLine: string, ...fields: string[]): string {
  return `${statusLine}\r\n${fields.map((field) => `${field}\r\n`).join('')}\r\n`;
}

function parsed(text: string, method = 'POST'): ResponseHead {
  const result = parseResponseHead(text, method);
  if ('reason' in result) throw new Error(`expected a head, got: ${result.reason}`);
  return result;
}

function refused(text: string, method = 'POST'): string {
  const result = parseResponseHead(text, method) as ResponseHead | ResponseHeadFailure;
  if (!('reason' in result)) throw new Error(`expected a refusal, got status ${result.status}`);
  return result.reason;
}

describe('parseResponseHead: fields', () => {
  it('Given mixed-case names and padded values, then names are lower-cased and values trimmed', () => {
    const result = parsed(head('HTTP/1.1 200 OK', 'Content-Type:  application/json \t', 'Mcp-Session-Id:abc'));
    expect(result.status).toBe(200);
    expect(result.headers['content-type']).toBe('application/json');
    expect(result.headers['mcp-session-id']).toBe('abc');
  });

  it('Given a repeated field, then its values are joined with a comma', () => {
    const result = parsed(head('HTTP/1.1 200 OK', 'Vary: Accept', 'vary: Origin', 'content-length: 0'));
    expect(result.headers.vary).toBe('Accept, Origin');
  });

  it('Given a status line without a reason phrase, then it is accepted', () => {
    expect(parsed(head('HTTP/1.1 404', 'content-length: 0')).status).toBe(404);
  });

  it('Given a field named __proto__, then it is an ordinary header', () => {
    const result = parsed(head('HTTP/1.1 200 OK', '__proto__: x', 'content-length: 0'));
    expect(result.headers.__proto__).toBe('x');
  });

  it.each([
    ['HTTP/2 200 OK', 'an HTTP/2 status line'],
    ['HTTP/1.1 20 OK', 'a two-digit status'],
    ['HTTP/1.1 099 OK', 'a status below 100'],
    ['http/1.1 200 OK', 'a lower-case protocol'],
    ['HTTP/1.1  200 OK', 'two spaces'],
    ['HTTP/1.1 200 O\x00K', 'a NUL in the reason'],
  ])('Given %j (%s), then it is refused as a malformed status line', (line) => {
    expect(refused(head(line, 'content-length: 0'))).toBe('Malformed status line');
  });

  it.each([
    ['content-length : 0', 'a space before the colon'],
    [' folded: value', 'obs-fold'],
    ['no colon here', 'no colon'],
    ['bad name: x', 'a space in the name'],
    ['x-evil: a\rb', 'a bare CR in a value'],
    ['x-evil: a\nb', 'a bare LF in a value'],
    ['x-evil: a\x00b', 'a NUL in a value'],
    [': empty-name', 'an empty name'],
  ])('Given the field %j (%s), then the head is refused', (field) => {
    expect(refused(head('HTTP/1.1 200 OK', 'content-length: 0', field))).toBe('Malformed header line');
  });
});

describe('parseResponseHead: framing', () => {
  it('Given Content-Length, then the body is that many bytes', () => {
    expect(parsed(head('HTTP/1.1 200 OK', 'Content-Length: 42')).framing).toEqual({ kind: 'length', length: 42 });
  });

  it('Given Content-Length: 0, then there is no body', () => {
    expect(parsed(head('HTTP/1.1 200 OK', 'Content-Length: 0')).framing).toEqual({ kind: 'none' });
  });

  it('Given a repeated equal Content-Length, then it is one length', () => {
    expect(parsed(head('HTTP/1.1 200 OK', 'Content-Length: 5', 'Content-Length: 5')).framing).toEqual({
      kind: 'length',
      length: 5,
    });
    expect(parsed(head('HTTP/1.1 200 OK', 'Content-Length: 5, 5')).framing).toEqual({ kind: 'length', length: 5 });
  });

  it.each([
    [['Content-Length: 5', 'Content-Length: 6'], 'differing lengths'],
    [['Content-Length: 5, 6'], 'a differing list'],
    [['Content-Length: -1'], 'a negative length'],
    [['Content-Length: 0x10'], 'a hex length'],
    [['Content-Length: 1e3'], 'an exponent'],
    [['Content-Length: '], 'an empty value'],
    [['Content-Length: 9999999999999999'], 'sixteen digits'],
  ])('Given %j (%s), then the head is refused', (fields) => {
    expect(refused(head('HTTP/1.1 200 OK', ...fields))).toBe('Malformed Content-Length');
  });

  it('Given Transfer-Encoding: chunked in any case, then the body is chunked', () => {
    expect(parsed(head('HTTP/1.1 200 OK', 'Transfer-Encoding: Chunked')).framing).toEqual({ kind: 'chunked' });
  });

  it('Given both Content-Length and Transfer-Encoding, then the head is refused', () => {
    expect(refused(head('HTTP/1.1 200 OK', 'Content-Length: 5', 'Transfer-Encoding: chunked'))).toBe(
      'Both Content-Length and Transfer-Encoding',
    );
  });

  it.each([
    [['Transfer-Encoding: gzip, chunked']],
    [['Transfer-Encoding: chunked', 'Transfer-Encoding: chunked']],
    [['Transfer-Encoding: identity']],
    [['Transfer-Encoding: chunked, gzip']],
  ])('Given %j, then the head is refused: only a lone chunked coding is relayed', (fields) => {
    expect(refused(head('HTTP/1.1 200 OK', ...fields))).toBe('A transfer coding other than chunked');
  });

  it('Given neither length nor chunking, then the body runs to the close and the connection is not reused', () => {
    const result = parsed(head('HTTP/1.1 200 OK', 'Content-Type: text/event-stream'));
    expect(result.framing).toEqual({ kind: 'close' });
    expect(result.reusable).toBe(false);
  });

  it.each([
    [204, 'POST'],
    [304, 'GET'],
    [100, 'POST'],
    [103, 'POST'],
    [200, 'HEAD'],
  ])('Given status %i to a %s, then there is no body whatever the headers say', (status, method) => {
    const result = parsed(head(`HTTP/1.1 ${status} X`, 'Content-Length: 10', 'Transfer-Encoding: chunked'), method);
    expect(result.framing).toEqual({ kind: 'none' });
  });
});

describe('parseResponseHead: reuse', () => {
  it('Given HTTP/1.1 without Connection, then the connection is reused', () => {
    expect(parsed(head('HTTP/1.1 200 OK', 'Content-Length: 2')).reusable).toBe(true);
  });

  it.each(['close', 'Close', 'keep-alive, close', 'upgrade,close'])(
    'Given HTTP/1.1 with Connection: %s, then it is not reused',
    (value) => {
      expect(parsed(head('HTTP/1.1 200 OK', 'Content-Length: 2', `Connection: ${value}`)).reusable).toBe(false);
    },
  );

  it('Given a Connection token that only contains "close", then the connection is reused', () => {
    expect(parsed(head('HTTP/1.1 200 OK', 'Content-Length: 2', 'Connection: closed-captions')).reusable).toBe(true);
  });

  it('Given HTTP/1.0, then it is reused only with Connection: keep-alive', () => {
    expect(parsed(head('HTTP/1.0 200 OK', 'Content-Length: 2')).reusable).toBe(false);
    expect(parsed(head('HTTP/1.0 200 OK', 'Content-Length: 2', 'Connection: Keep-Alive')).reusable).toBe(true);
  });

  it('Given Keep-Alive: timeout=5, max=100, then the hint is 5 seconds', () => {
    const result = parsed(head('HTTP/1.1 200 OK', 'Content-Length: 2', 'Keep-Alive: timeout=5, max=100'));
    expect(result.keepAliveHintMs).toBe(5000);
    expect(parsed(head('HTTP/1.1 200 OK', 'Content-Length: 2', 'Keep-Alive: max=100')).keepAliveHintMs).toBe(undefined);
    expect(parsed(head('HTTP/1.1 200 OK', 'Content-Length: 2')).keepAliveHintMs).toBe(undefined);
  });
});
