/**
 * Legacy HTTP+SSE transport: the server's GET stream opens with an `endpoint` event naming
 * where to POST messages. This transform rewrites that first event so the URL points back
 * through the proxy (`/<name>/path/<upstream path>`); every later byte passes unchanged.
 * An endpoint on another origin is left as is: the token is never sent there.
 */
import { Transform, type TransformCallback } from 'node:stream';

const MAX_FIRST_EVENT = 64 * 1024;

export function proxiedEndpoint(
  data: string,
  options: { readonly upstreamUrl: string; readonly name: string },
): string {
  let resolved: URL;
  try {
    resolved = new URL(data.trim(), options.upstreamUrl);
  } catch {
    return data;
  }
  if (resolved.origin !== new URL(options.upstreamUrl).origin) return data;
  return `/${options.name}/path${resolved.pathname}${resolved.search}`;
}

function rewriteEvent(event: string, options: { readonly upstreamUrl: string; readonly name: string }): string {
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

export function createEndpointRewriter(options: { readonly upstreamUrl: string; readonly name: string }): Transform {
  let pending: Buffer = Buffer.alloc(0);
  let done = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      if (done) {
        callback(null, chunk);
        return;
      }
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      const end = eventEnd(pending);
      if (end === -1 && pending.length < MAX_FIRST_EVENT) {
        callback();
        return;
      }
      done = true;
      const out =
        end === -1
          ? pending
          : Buffer.concat([
              Buffer.from(rewriteEvent(pending.subarray(0, end).toString('utf8'), options), 'utf8'),
              pending.subarray(end),
            ]);
      pending = Buffer.alloc(0);
      callback(null, out);
    },
    flush(callback) {
      callback(null, pending.length > 0 ? pending : undefined);
    },
  });
}
