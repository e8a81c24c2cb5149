/**
 * Legacy HTTP+SSE transport: the server's GET stream opens with an `endpoint` event naming
 * where to POST messages. This sink rewrites that first event so the URL points back
 * through the proxy (`/<name>/path/<upstream path>`); every later byte passes unchanged.
 * An endpoint on another origin is left as is: the token is never sent there. The announced path
 * is remembered (announced-endpoints.ts): `/<name>/path/` reaches no other.
 */
import type { BodySink } from './upstream-exchange.js';

const MAX_FIRST_EVENT = 64 * 1024;

export interface EndpointRewriteOptions {
  readonly upstreamUrl: string;
  readonly name: string;
  /** Told each upstream path the stream announced (the only paths `/<name>/path/` may reach). */
  readonly onAnnounce?: (pathname: string) => void;
}

export function proxiedEndpoint(data: string, options: EndpointRewriteOptions): string {
  let resolved: URL;
  try {
    resolved = new URL(data.trim(), options.upstreamUrl);
  } catch {
    return data;
  }
  if (resolved.origin !== new URL(options.upstreamUrl).origin) return data;
  options.onAnnounce?.(resolved.pathname);
  return `/${options.name}/path${resolved.pathname}${resolved.search}`;
}

function rewriteEvent(event: string, options: EndpointRewriteOptions): string {
  const lines = event.split(/\r?\n/);
  if (!lines.some((line) => /^event:\s?endpoint$/.test(line))) return event;
  return lines
    .map((line) => {
      const match = /^data:\s?(.*)$/.exec(line);
      return match ? `data: ${proxiedEndpoint(match[1] ?? '', options)}` : line;
    })
    .join('\n');
}

function eventEnd(buffer: Buffer): number {
  const lf = buffer.indexOf('\n\n');
  const crlf = buffer.indexOf('\r\n\r\n');
  if (lf === -1) return crlf;
  return crlf === -1 ? lf : Math.min(lf, crlf);
}

/**
 * Puts the rewriter in front of `sink`: bytes are held only until the first event is complete
 * (at most 64 KiB), then everything passes straight through.
 */
export function endpointRewritingSink(sink: BodySink, options: EndpointRewriteOptions): BodySink {
  let pending: Buffer = Buffer.alloc(0);
  let done = false;
  const firstEvent = (chunk: Buffer): Buffer | undefined => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    const end = eventEnd(pending);
    if (end === -1 && pending.length < MAX_FIRST_EVENT) return undefined;
    done = true;
    const out =
      end === -1
        ? pending
        : Buffer.concat([
            Buffer.from(rewriteEvent(pending.subarray(0, end).toString('utf8'), options), 'utf8'),
            pending.subarray(end),
          ]);
    pending = Buffer.alloc(0);
    return out;
  };
  return {
    write(chunk) {
      if (done) return sink.write(chunk);
      const out = firstEvent(chunk);
      return out === undefined ? true : sink.write(out);
    },
    end(chunk) {
      const out = chunk === undefined ? undefined : done ? chunk : firstEvent(chunk);
      const rest = done ? out : pending.length > 0 ? pending : undefined;
      sink.end(rest);
    },
    onceDrain(listener) {
      sink.onceDrain(listener);
    },
    destroy() {
      sink.destroy();
    },
  };
}
