/**
 * A strict HTTP/1.1 request-head parser (RFC 9112) for the proxy's own listener. Strict on
 * purpose: anything a lenient parser might read differently from the upstream's (bare LF,
 * obs-fold, a space before the colon, two framings, duplicate framing headers) is a 400, so a
 * smuggled request can never split differently here than there.
 */

import { METHODS } from 'node:http';
import { closesAfter, readFieldLines } from './field-syntax.js';

export const MAX_HEAD_BYTES = 16 * 1024;
export const MAX_HEADER_COUNT = 200;

export interface HeadFailure {
  readonly status: 400 | 431 | 505;
  readonly reason: string;
}

export interface RequestHead {
  readonly method: string;
  /** Origin-form target: a path and an optional query. */
  readonly url: string;
  /** HTTP/1.0 closes after the response unless it asks otherwise. */
  readonly http10: boolean;
  /** Lower-cased names; repeated fields joined with ", ". */
  readonly headers: Record<string, string>;
  readonly framing:
    { readonly kind: 'none' } | { readonly kind: 'length'; readonly length: number } | { readonly kind: 'chunked' };
  /** The client asked to close after this exchange. */
  readonly close: boolean;
}

const METHOD = /^[A-Z]{1,16}$/;
/** Methods node:http (llhttp) knows: an unknown one is refused as an upstream's parser would. */
const KNOWN_METHODS = new Set(METHODS);
/** Origin-form request target, visible ASCII only: no spaces, no controls, no bytes above 0x7e. */
export const ORIGIN_FORM = /^\/[\x21-\x7e]*$/;
const DIGITS = /^[0-9]{1,15}$/;
/** Fields that must appear at most once: two of them are ambiguous (and a classic smuggling tool). */
const SINGLETONS = new Set(['host', 'content-length', 'transfer-encoding', 'authorization', 'origin', 'content-type']);
const FIELD_LIMITS = { maxCount: MAX_HEADER_COUNT, singletons: SINGLETONS };

const bad = (reason: string): HeadFailure => ({ status: 400, reason });

/**
 * Finds the end of the head in `buffer` (the index just after CRLF CRLF), -1 while incomplete,
 * or a failure when the head is already too large to be valid. `from` is how much was already
 * searched, so a head that trickles in byte by byte is not rescanned from the start each time.
 */
export function headEnd(buffer: Buffer, from = 0): number | HeadFailure {
  const end = buffer.indexOf('\r\n\r\n', Math.max(0, from - 3), 'latin1');
  if (end === -1) return buffer.length > MAX_HEAD_BYTES ? { status: 431, reason: 'Request head too large' } : -1;
  if (end + 4 > MAX_HEAD_BYTES) return { status: 431, reason: 'Request head too large' };
  return end + 4;
}

export function parseRequestHead(head: string): RequestHead | HeadFailure {
  // `head` ends with CRLF CRLF: the request line, then one field per CRLF-ended line.
  const firstEnd = head.indexOf('\r\n');
  const requestLine = head.slice(0, firstEnd).split(' ');
  if (requestLine.length !== 3) return bad('Malformed request line');
  const [method, url, version] = requestLine as [string, string, string];
  if (!METHOD.test(method) || !KNOWN_METHODS.has(method)) return bad('Malformed or unknown method');
  if (!ORIGIN_FORM.test(url)) return bad('Only origin-form request targets ("/path") are accepted');
  if (version !== 'HTTP/1.1' && version !== 'HTTP/1.0') {
    return /^HTTP\/\d\.\d$/.test(version)
      ? { status: 505, reason: 'HTTP version not supported' }
      : bad('Malformed version');
  }

  // No prototype: a field named "constructor" or "__proto__" is just a field.
  const headers = Object.create(null) as Record<string, string>;
  const fault = readFieldLines(head, firstEnd + 2, head.length - 2, headers, FIELD_LIMITS);
  if (fault !== undefined) {
    return fault.tooMany ? { status: 431, reason: 'Too many request headers' } : bad(fault.reason);
  }

  const http10 = version === 'HTTP/1.0';
  if (!http10 && headers.host === undefined) return bad('Missing Host header');
  const framing = framingOf(headers, http10);
  if ('status' in framing) return framing;
  return { method, url, http10, headers, framing, close: closesAfter(headers.connection, http10) };
}

function framingOf(headers: Record<string, string>, http10: boolean): RequestHead['framing'] | HeadFailure {
  const transferEncoding = headers['transfer-encoding'];
  const contentLength = headers['content-length'];
  if (transferEncoding !== undefined) {
    if (contentLength !== undefined) return bad('Both Content-Length and Transfer-Encoding');
    if (http10) return bad('Transfer-Encoding in an HTTP/1.0 request');
    // Any other coding list is a smuggling shape (the upstream might frame it differently).
    if (transferEncoding.toLowerCase() !== 'chunked') return bad('Only "Transfer-Encoding: chunked" is accepted');
    return { kind: 'chunked' };
  }
  if (contentLength !== undefined) {
    if (!DIGITS.test(contentLength)) return bad('Malformed Content-Length');
    const length = Number(contentLength);
    return length === 0 ? { kind: 'none' } : { kind: 'length', length };
  }
  return { kind: 'none' };
}
