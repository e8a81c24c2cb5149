/**
 * The paths a connection's upstream announced in the `endpoint` event of its legacy HTTP+SSE
 * stream: `/<name>/path/<p>` reaches the upstream only for such a path, so a local process with a
 * key cannot send the token to any other path of the upstream's origin (an endpoint that echoes
 * request headers would hand it out). Kept per connection and URL, the newest few, in memory.
 */
const MAX_PATHS = 32;

export interface AnnouncedEndpoints {
  /** The upstream of `name` (at `url`) announced `pathname` as where to POST its messages. */
  announce(name: string, url: string, pathname: string): void;
  allows(name: string, url: string, pathname: string): boolean;
  /** Forgets connections that are gone. */
  retain(names: ReadonlySet<string>): void;
}

export function createAnnouncedEndpoints(): AnnouncedEndpoints {
  const byConnection = new Map<string, { readonly url: string; readonly paths: Set<string> }>();
  return {
    announce(name, url, pathname) {
      let entry = byConnection.get(name);
      if (entry === undefined || entry.url !== url) {
        entry = { url, paths: new Set() };
        byConnection.set(name, entry);
      }
      entry.paths.delete(pathname);
      entry.paths.add(pathname);
      if (entry.paths.size > MAX_PATHS) entry.paths.delete(entry.paths.values().next().value!);
    },
    allows(name, url, pathname) {
      const entry = byConnection.get(name);
      return entry !== undefined && entry.url === url && entry.paths.has(pathname);
    },
    retain(names) {
      for (const name of byConnection.keys()) if (!names.has(name)) byConnection.delete(name);
    },
  };
}
