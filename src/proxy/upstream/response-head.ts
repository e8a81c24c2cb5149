/**
 * A strict HTTP/1.1 response-head parser for the upstream side (RFC 9112). It decides how the
 * body is framed and whether the connection can carry another request. Strict where a lenient
 * reading could split the stream differently than the upstream meant (two framings, differing
 * lengths, a transfer coding other than chunked, obs-fold): those are refused, never guessed.
 */
import { closesAfter, readFieldLines } from '../http1/field-syntax.js';

/** The largest response head accepted from an upstream (larger than the client side's 16 KiB: providers send many headers). */
export const MAX_RESPONSE_HEAD_BYTES = 64 * 1024;

export type ResponseFraming =
  | { readonly kind: 'none' }
  | { readonly kind: 'length'; readonly length: number }
  | { readonly kind: 'chunked' }
  /** No length and no chunking: the body runs until the upstream closes. */
  | { readonly kind: 'close' };

export interface ResponseHead {
  readonly status: number;
  /** Lower-cased names; repeated fields joined with ", ". */
  readonly headers: Record<string, string>;
  readonly framing: ResponseFraming;
  /** The connection may carry another request once this body is read. */
  readonly reusable: boolean;
  /** The upstream's `Keep-Alive: timeout=<s>` hint in ms, when it sent one. */
  readonly keepAliveHintMs: number | undefined;
}

export interface ResponseHeadFailure {
  readonly reason: string;
}

const STATUS_LINE = /^HTTP\/1\.([01]) ([1-9][0-9]{2})(?: [\t\x20-\x7e\x80-\xff]*)?$/;
const DIGITS = /^[0-9]{1,15}$/;
const KEEP_ALIVE_TIMEOUT = /(?:^|[,;\s])timeout\s*=\s*(\d{1,9})/i;
/** The head is at most 64 KiB, so the number of fields is bounded without a count of its own. */
const FIELD_LIMITS = { maxCount: Number.POSITIVE_INFINITY, singletons: new Set<string>() };
const bad = (reason: string): ResponseHeadFailure => ({ reason });

/** `head` runs from the status line through the CRLF CRLF that ends it. */
export function parseResponseHead(head: string, requestMethod: string): ResponseHead | ResponseHeadFailure {
  const firstEnd = head.indexOf('\r\n');
  const statusLine = STATUS_LINE.exec(head.slice(0, firstEnd));
  if (statusLine === null) return bad('Malformed status line');
  const http10 = statusLine[1] === '0';
  const status = Number(statusLine[2]);

  const headers = Object.create(null) as Record<string, string>;
  const fault = readFieldLines(head, firstEnd + 2, head.length - 2, headers, FIELD_LIMITS);
  if (fault !== undefined) return bad('Malformed header line');

  const framing = framingOf(status, headers, requestMethod);
  if ('reason' in framing) return framing;
  const reusable = framing.kind !== 'close' && !closesAfter(headers.connection, http10);
  const hint = headers['keep-alive'] === undefined ? null : KEEP_ALIVE_TIMEOUT.exec(headers['keep-alive']);
  return { status, headers, framing, reusable, keepAliveHintMs: hint ? Number(hint[1]) * 1000 : undefined };
}

function framingOf(
  status: number,
  headers: Record<string, string>,
  requestMethod: string,
): ResponseFraming | ResponseHeadFailure {
  // RFC 9112 §6.3: these never have a body, whatever their headers say.
  if (requestMethod === 'HEAD' || status < 200 || status === 204 || status === 304) return { kind: 'none' };
  const transferEncoding = headers['transfer-encoding'];
  const contentLength = headers['content-length'];
  if (transferEncoding !== undefined) {
    if (contentLength !== undefined) return bad('Both Content-Length and Transfer-Encoding');
    if (transferEncoding.toLowerCase() !== 'chunked') return bad('A transfer coding other than chunked');
    return { kind: 'chunked' };
  }
  if (contentLength !== undefined) {
    // Repeated equal values ("5, 5") are one length (RFC 9110 §8.6); differing ones are refused.
    const values = contentLength.split(',').map((part) => part.trim());
    if (!values.every((value) => DIGITS.test(value) && value === values[0])) return bad('Malformed Content-Length');
    const length = Number(values[0]);
    return length === 0 ? { kind: 'none' } : { kind: 'length', length };
  }
  return { kind: 'close' };
}
