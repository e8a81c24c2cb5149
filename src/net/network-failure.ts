/**
 * What went wrong between Keyport and an upstream, in one sentence that names the fix — the same
 * text for `keyport add`, `keyport check`, the proxy's JSON-RPC error and the app. Untrusted and
 * invalid certificates, outbound-proxy failures (an unusable proxy URL among them), timeouts and
 * plain unreachable hosts each have their own sentence. Messages name hosts and the proxy's scheme://host:port, never credentials.
 */

export type NetworkFailureKind = 'untrusted-certificate' | 'certificate' | 'proxy' | 'timeout' | 'unreachable';

import { ProxyUrlError } from './outbound-proxy.js';

export interface NetworkFailure {
  readonly kind: NetworkFailureKind;
  /** The system's or undici's code, e.g. ECONNREFUSED, UNABLE_TO_VERIFY_LEAF_SIGNATURE. */
  readonly code: string;
  readonly message: string;
}

export interface FailureContext {
  /** The upstream as the user knows it (origin + path). */
  readonly where: string;
  readonly host: string;
  /** The outbound proxy the request went through (display form), or null. */
  readonly proxy: string | null;
  /** The connection's name when it exists already (so `keyport set <name>` can fix it). */
  readonly connection?: string;
}

const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);
const CERTIFICATE = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_REVOKED']);
const TIMEOUTS = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'ETIMEDOUT']);
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  ...TIMEOUTS,
]);
/** Codes of a failure to reach the proxy itself (DNS, refused, timed out). */
const REACHING_PROXY = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);
const TUNNEL_REFUSED = /^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling$/;
const PROXY_AUTH = /Proxy Authentication Required \(407\)/;

/** The errors in a `cause` chain, outermost first (fetch wraps socket errors in a TypeError). */
function chain(error: unknown): unknown[] {
  const errors: unknown[] = [];
  for (let current = error; current !== undefined && current !== null && errors.length < 6;) {
    errors.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return errors;
}

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
};
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : '');

function fixForUntrusted(context: FailureContext): string {
  return context.connection === undefined
    ? 'add its CA with `--ca <file>` or NODE_EXTRA_CA_CERTS'
    : `add its CA with \`keyport set ${context.connection} --ca <file>\` or NODE_EXTRA_CA_CERTS`;
}

/** Describes a network-level failure, or undefined when the error is something else (an HTTP answer, a bug). */
export function describeNetworkFailure(error: unknown, context: FailureContext): NetworkFailure | undefined {
  const errors = chain(error);
  const badProxyUrl = errors.find((item): item is ProxyUrlError => item instanceof ProxyUrlError);
  if (badProxyUrl !== undefined) return { kind: 'proxy', code: 'PROXY_URL', message: badProxyUrl.message };
  const codes = errors.map(codeOf).filter((code): code is string => code !== undefined);
  const tls = codes.find((code) => UNTRUSTED.has(code) || CERTIFICATE.has(code));
  if (tls !== undefined && UNTRUSTED.has(tls)) {
    return {
      kind: 'untrusted-certificate',
      code: tls,
      message: `The certificate of ${context.host} is not trusted (${tls}): if your network inspects TLS, ${fixForUntrusted(context)}.`,
    };
  }
  if (tls !== undefined) {
    const what =
      tls === 'ERR_TLS_CERT_ALTNAME_INVALID'
        ? 'is not valid for that host name; check the URL'
        : tls === 'CERT_REVOKED'
          ? 'has been revoked; the server must get a new one'
          : 'is outside its validity period; check the server, or this machine’s clock';
    return { kind: 'certificate', code: tls, message: `The certificate of ${context.host} ${what} (${tls}).` };
  }
  const proxy = context.proxy;
  if (proxy !== null) {
    for (const item of errors) {
      const tunnel = TUNNEL_REFUSED.exec(messageOf(item));
      const status = tunnel?.[1] ?? (PROXY_AUTH.test(messageOf(item)) ? '407' : undefined);
      // 407 is the standard answer; some proxies (tinyproxy) answer a wrong password with 401.
      if (status === '407' || status === '401') {
        return {
          kind: 'proxy',
          code: 'PROXY_AUTH',
          message: `The proxy ${proxy} asks for credentials (HTTP ${status}): give the right user and password in the proxy URL (http://user:password@host:port).`,
        };
      }
      if (status !== undefined) {
        return {
          kind: 'proxy',
          code: `PROXY_${status}`,
          message: `Cannot reach ${context.host} through the proxy ${proxy} (it answered HTTP ${status}); check that the proxy allows ${context.host}, or list the host in NO_PROXY.`,
        };
      }
    }
  }
  const network = codes.find((code) => NETWORK.has(code));
  if (network === undefined) return undefined;
  if (network === 'UND_ERR_HEADERS_TIMEOUT' || (proxy === null && TIMEOUTS.has(network))) {
    return {
      kind: 'timeout',
      code: network,
      message: `${context.where} did not answer in time (${network}); check the server's status or try again later.`,
    };
  }
  if (proxy !== null && REACHING_PROXY.has(network)) {
    return {
      kind: 'proxy',
      code: network,
      message: `Cannot reach ${context.where} through the proxy ${proxy} (${network}); check the proxy (HTTPS_PROXY/HTTP_PROXY or the proxy setting) and your network.`,
    };
  }
  const via = proxy === null ? '' : ` through the proxy ${proxy}`;
  return {
    kind: 'unreachable',
    code: network,
    message: `Cannot reach ${context.where}${via} (${network}); check the URL and your network connection.`,
  };
}
