/**
 * DNS-rebinding and cross-site defence: the Host must name this loopback listener and an
 * Origin, when present, must be a loopback origin. Browsers send no Origin on a no-cors GET
 * (`<img src>`, `<script src>`), so without one a `Sec-Fetch-Site: cross-site` request is a
 * web page reaching in (it could spend a keyless connection's token): refused as well.
 * Checked before anything else is read.
 */
const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface HostCheck {
  (host: string | undefined, origin: string | undefined, fetchSite?: string | string[]): boolean;
}

export function createHostCheck(port: number): HostCheck {
  const allowedHosts = new Set([...LOOPBACK_HOSTNAMES].map((name) => `${name}:${port}`));
  if (port === 80) for (const name of LOOPBACK_HOSTNAMES) allowedHosts.add(name);
  return (host, origin, fetchSite) => {
    if (host === undefined || !allowedHosts.has(host.toLowerCase())) return false;
    if (origin === undefined) return fetchSite !== 'cross-site';
    return isLoopbackOrigin(origin);
  };
}

/** `http(s)://127.0.0.1|localhost|[::1][:port]`, nothing else (a `null` origin is refused too). */
export function isLoopbackOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.username || url.password || url.pathname !== '/' || url.search) return false;
  return LOOPBACK_HOSTNAMES.has(url.hostname);
}
