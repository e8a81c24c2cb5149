/**
 * Which outbound proxy a request to an upstream goes through. The environment is read the way
 * undici's EnvHttpProxyAgent reads it (the lower-case name first, then the upper-case one):
 * `http_proxy`/`HTTP_PROXY` for http, `https_proxy`/`HTTPS_PROXY` (else the http one) for https,
 * and `no_proxy`/`NO_PROXY` — entries split on commas or spaces, `host` or `host:port`, a leading
 * `.` or `*.` dropped, a host matching itself and its subdomains, the whole value `*` meaning no
 * proxy at all. The `proxy` setting overrides the environment: `none` ignores it, a URL is used
 * for http and https alike (NO_PROXY still applies). Every upstream of Keyport is one pinned
 * origin, so the choice is made once per origin (test/src/net/outbound-proxy.test.ts checks it
 * against EnvHttpProxyAgent itself).
 */
import { KeyportError } from '../errors.js';

/** The `proxy` setting: null = the environment, `none` = never, or an http(s) proxy URL. */
export type ProxySetting = string | null;

export type NetworkEnv = Readonly<Record<string, string | undefined>>;

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };

interface NoProxyEntry {
  readonly hostname: string;
  readonly port: number;
}

function noProxyEntries(value: string): NoProxyEntry[] {
  const entries: NoProxyEntry[] = [];
  for (const entry of value.split(/[,\s]/)) {
    if (!entry) continue;
    const parsed = /^(.+):(\d+)$/.exec(entry);
    entries.push({
      hostname: (parsed ? parsed[1]! : entry).replace(/^\*?\./, '').toLowerCase(),
      port: parsed ? Number.parseInt(parsed[2]!, 10) : 0,
    });
  }
  return entries;
}

function bypassed(target: URL, noProxy: string): boolean {
  const entries = noProxyEntries(noProxy);
  if (entries.length === 0) return false;
  if (noProxy === '*') return true;
  // `host` keeps the brackets of an IPv6 address, as NO_PROXY entries write them.
  const hostname = target.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number.parseInt(target.port, 10) || DEFAULT_PORTS[target.protocol] || 0;
  return entries.some(
    (entry) =>
      (!entry.port || entry.port === port) && (hostname === entry.hostname || hostname.endsWith(`.${entry.hostname}`)),
  );
}

const HOW_TO_WRITE = 'write it as http://host:port (credentials as http://user:password@host:port)';

/**
 * A proxy URL (HTTP(S)_PROXY or the `proxy` setting) Keyport cannot use. The message names the
 * variable and the fix, never the value (it may hold the proxy's password).
 */
export class ProxyUrlError extends KeyportError {
  constructor(message: string) {
    super('INVALID_INPUT', message);
    this.name = 'ProxyUrlError';
  }
}

/** Parses a proxy URL; `source` names where it came from, for the message. */
export function parseProxyUrl(value: string, source: string): URL {
  // Without `scheme://`, `host:3128` or `user:password@host:3128` would parse as a URL whose
  // scheme is the host or the user name.
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  let url: URL | undefined;
  try {
    url = scheme === undefined ? undefined : new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined) throw new ProxyUrlError(`${source} is not a valid proxy URL; ${HOW_TO_WRITE}.`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProxyUrlError(
      `${source} uses ${scheme}; Keyport supports http:// and https:// proxies: ${HOW_TO_WRITE}.`,
    );
  }
  return url;
}

/** The proxy a request to `target` goes through, or undefined for a direct connection. */
export function proxyFor(target: URL, setting: ProxySetting, env: NetworkEnv): URL | undefined {
  if (setting === 'none') return undefined;
  let value: string | undefined;
  let source: string;
  if (setting !== null) {
    value = setting;
    source = 'The proxy setting';
  } else {
    const http = env.http_proxy ?? env.HTTP_PROXY;
    const https = env.https_proxy ?? env.HTTPS_PROXY;
    const useHttps = target.protocol === 'https:' && https;
    value = useHttps ? https : http;
    source = useHttps
      ? env.https_proxy !== undefined
        ? 'https_proxy'
        : 'HTTPS_PROXY'
      : env.http_proxy !== undefined
        ? 'http_proxy'
        : 'HTTP_PROXY';
  }
  if (!value) return undefined;
  if (bypassed(target, env.no_proxy ?? env.NO_PROXY ?? '')) return undefined;
  return parseProxyUrl(value, source);
}

/** A proxy URL fit for messages and logs: scheme, host and port, never its credentials. */
export function displayProxy(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}
