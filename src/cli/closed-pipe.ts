/**
 * `keyport log | head -1`: once the reader closes the pipe, writing to stdout fails with EPIPE,
 * which Node raises as an uncaught error (a stack trace, exit 1). Instead the rest of the output
 * is dropped quietly: the command still finishes what it was doing (a half-done keychain or
 * metadata write would be worse than output nobody reads) and exits with its own status.
 */
const closedStreams = new WeakMap<NodeJS.WritableStream, Promise<void>>();

/** Drops output after EPIPE on `stream`; the promise settles when that happens (never otherwise). */
export function quietOnClosedPipe(stream: NodeJS.WriteStream): Promise<void> {
  const known = closedStreams.get(stream);
  if (known !== undefined) return known;
  const closed = new Promise<void>((resolve) => {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      stream.write = ((_chunk: unknown, encoding?: unknown, callback?: unknown) => {
        const done = typeof encoding === 'function' ? encoding : callback;
        if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
        return true;
      }) as typeof stream.write;
      resolve();
    });
  });
  closedStreams.set(stream, closed);
  return closed;
}
