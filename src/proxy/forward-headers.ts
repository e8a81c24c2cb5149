/**
 * Header hygiene at both edges. Toward the upstream: drop hop-by-hop headers, every credential
 * the client sent, and browser context; inject the connection's credential headers. Toward the client: drop
 * hop-by-hop headers, WWW-Authenticate (so no client starts an OAuth flow), cookies and any
 * CORS header (the proxy never grants cross-origin access).
 */

/** Headers that describe one hop only (RFC 9110 §7.6.1 and the proxy ones); never forwarded, never templated. */
export const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'trailers',
  'transfer-encoding',
  'upgrade',
]);

const DROP_TOWARD_UPSTREAM = new Set([
  ...HOP_BY_HOP,
  'host',
  'authorization',
  'cookie',
  'content-length',
  'origin',
  'referer',
  'expect',
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
]);

const DROP_TOWARD_CLIENT = new Set([...HOP_BY_HOP, 'www-authenticate', 'set-cookie', 'content-length']);

import type { IncomingHttpHeaders } from 'node:http';

function connectionListed(value: string | string[] | undefined): Set<string> | undefined {
  if (value === undefined || value === 'keep-alive' || value === 'close') return undefined;
  const list = Array.isArray(value) ? value.join(',') : value;
  const names = list
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part.length > 0 && part !== 'close' && part !== 'keep-alive');
  return names.length > 0 ? new Set(names) : undefined;
}

/** `credential`: the connection's credential headers (credential-source.ts), set after every client header is dropped. */
export function upstreamRequestHeaders(
  incoming: IncomingHttpHeaders,
  credential: Readonly<Record<string, string>>,
  options: { readonly identityEncoding: boolean },
): Record<string, string> {
  const listed = connectionListed(incoming.connection);
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const name in incoming) {
    if (DROP_TOWARD_UPSTREAM.has(name) || name.startsWith('proxy-')) continue;
    if (listed?.has(name)) continue;
    const value = incoming[name];
    if (typeof value === 'string') out[name] = value;
  }
  if (options.identityEncoding) out['accept-encoding'] = 'identity';
  // A header the credential names replaces the client's own (an `X-API-Key` a client sent too).
  for (const name in credential) out[name] = credential[name]!;
  return out;
}

export function clientResponseHeaders(
  upstream: Record<string, string | string[] | undefined>,
  options: { readonly keepLength: boolean },
): Record<string, string | string[]> {
  const listed = connectionListed(upstream.connection);
  const out: Record<string, string | string[]> = {};
  for (const name in upstream) {
    const lower = name.toLowerCase();
    if (DROP_TOWARD_CLIENT.has(lower) && !(options.keepLength && lower === 'content-length')) continue;
    if (lower.startsWith('access-control-') || listed?.has(lower)) continue;
    const value = upstream[name];
    if (value !== undefined) out[lower] = value;
  }
  return out;
}
