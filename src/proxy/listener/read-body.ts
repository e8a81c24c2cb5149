/**
 * Reads a request body up to a limit, only when the handler asks for it (a refused request costs
 * no buffering, and `Expect: 100-continue` is answered only then). A declared length over the
 * limit is refused before a byte is read; a chunked body is refused as soon as it passes it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type BodyResult =
  | { readonly kind: 'body'; readonly body: Buffer }
  | { readonly kind: 'too-large' }
  /** The client went away (or its framing broke) before the body was whole. */
  | { readonly kind: 'gone' };

const EMPTY = Buffer.alloc(0);

export function readBody(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
  done: (result: BodyResult) => void,
): void {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    done({ kind: 'too-large' });
    return;
  }
  if (req.readableEnded) {
    done({ kind: 'body', body: EMPTY });
    return;
  }
  if (req.headers.expect !== undefined && req.httpVersion === '1.1' && !res.headersSent) res.writeContinue();
  const parts: Buffer[] = [];
  let size = 0;
  let settled = false;
  const settle = (result: BodyResult) => {
    if (settled) return;
    settled = true;
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('error', onGone);
    req.off('close', onGone);
    done(result);
  };
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) {
      req.pause();
      settle({ kind: 'too-large' });
      return;
    }
    parts.push(chunk);
  };
  const onEnd = () => settle({ kind: 'body', body: parts.length === 1 ? parts[0]! : Buffer.concat(parts, size) });
  const onGone = () => settle({ kind: 'gone' });
  req.on('data', onData);
  req.once('end', onEnd);
  req.once('error', onGone);
  req.once('close', onGone);
}
