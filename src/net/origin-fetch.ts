/**
 * A fetch for requests that go to more than one origin (OAuth: the MCP server's metadata, the
 * authorization server's metadata, registration, token and revocation endpoints): one dispatcher
 * of the process's upstream client per origin, so each origin gets its own outbound-proxy decision
 * (NO_PROXY) and the connection's CA, exactly as the proxy's requests do. Redirects are never
 * followed here (the MCP SDK follows a metadata redirect only within its origin, and never with a token).
 */
import type { OpenOptions, OpenUpstream, UpstreamClient } from './upstream-client.js';

export interface OriginFetch {
  fetch(input: string | URL, init?: RequestInit): Promise<Response>;
  /** Closes every dispatcher it opened. */
  close(): Promise<void>;
}

export function createOriginFetch(options: {
  readonly network: UpstreamClient;
  readonly ca: string | null;
  readonly timeouts?: OpenOptions;
}): OriginFetch {
  const opened = new Map<string, OpenUpstream>();
  const upstreamFor = (url: URL): OpenUpstream => {
    const known = opened.get(url.origin);
    if (known !== undefined) return known;
    const upstream = options.network.open({ url: url.href, ca: options.ca }, options.timeouts);
    opened.set(url.origin, upstream);
    return upstream;
  };
  return {
    fetch: (input, init) => {
      const url = new URL(typeof input === 'string' ? input : input.href);
      return upstreamFor(url).fetch(url, init);
    },
    async close() {
      const all = [...opened.values()];
      opened.clear();
      await Promise.all(all.map((upstream) => upstream.close()));
    },
  };
}
