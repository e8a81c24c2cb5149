/**
 * Buffers a request body up to a limit (the bytes are forwarded exactly as received).
 * Calls back once: `tooLarge` when Content-Length or the bytes read exceed the limit.
 */
import type { IncomingMessage } from 'node:http';

export function readBody(
  req: IncomingMessage,
  limit: number,
  done: (tooLarge: boolean, body: Buffer | undefined) => void,
): void {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    req.resume();
    done(true, undefined);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) {
      finished = true;
      req.off('data', onData);
      req.resume();
      done(true, undefined);
      return;
    }
    chunks.push(chunk);
  };
  req.on('data', onData);
  req.once('end', () => {
    if (finished) return;
    finished = true;
    done(false, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
  });
  req.once('error', () => {
    finished = true;
  });
}
