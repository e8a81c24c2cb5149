/**
 * Keyport's checks on a request node:http has parsed, made before the handler sees it. llhttp
 * (strict) already refuses bare CR/LF, obs-fold, a space before the colon, Content-Length with
 * Transfer-Encoding, duplicate framing headers, malformed lengths and chunk sizes, and unknown
 * methods; these checks refuse the rest of what could be read two ways: another version than
 * 1.0/1.1, a target that is not origin-form, a coding other than a lone `chunked` (or any coding
 * in HTTP/1.0), a repeated singleton field (e.g. two Hosts or two Authorizations, which Node would
 * silently keep one of), a missing Host, and more than 200 fields.
 */
import type { IncomingMessage } from 'node:http';

export const MAX_HEAD_BYTES = 16 * 1024;
export const MAX_HEADER_COUNT = 200;

export interface RequestFault {
  readonly status: 400 | 408 | 431 | 505;
  readonly reason: string;
}

/** Origin-form request target, visible ASCII only: no spaces, no controls, no bytes above 0x7e. */
const ORIGIN_FORM = /^\/[\x21-\x7e]*$/;
/** Fields that must appear at most once: two of them are ambiguous (and a classic smuggling tool). */
const SINGLETONS = new Set(['host', 'content-length', 'transfer-encoding', 'authorization', 'origin', 'content-type']);

const bad = (reason: string): RequestFault => ({ status: 400, reason });

function repeatedSingleton(rawHeaders: readonly string[]): string | undefined {
  let seen: Set<string> | undefined;
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = rawHeaders[index]!.toLowerCase();
    if (!SINGLETONS.has(name)) continue;
    seen ??= new Set();
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

export function checkRequest(req: IncomingMessage): RequestFault | undefined {
  const version = req.httpVersion;
  if (version !== '1.1' && version !== '1.0') return { status: 505, reason: 'HTTP version not supported' };
  if (!ORIGIN_FORM.test(req.url ?? '')) return bad('Only origin-form request targets ("/path") are accepted');
  if (req.rawHeaders.length > MAX_HEADER_COUNT * 2) return { status: 431, reason: 'Too many request headers' };
  const repeated = repeatedSingleton(req.rawHeaders);
  if (repeated !== undefined) return bad(`Repeated ${repeated} header`);
  const headers = req.headers;
  if (version === '1.1' && headers.host === undefined) return bad('Missing Host header');
  const coding = headers['transfer-encoding'];
  if (coding !== undefined) {
    if (version === '1.0') return bad('Transfer-Encoding in an HTTP/1.0 request');
    // Any other coding list is a smuggling shape (the upstream might frame it differently).
    if (coding.trim().toLowerCase() !== 'chunked') return bad('Only "Transfer-Encoding: chunked" is accepted');
  }
  return undefined;
}
