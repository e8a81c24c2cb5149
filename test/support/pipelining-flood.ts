/**
 * The pipelining flood: connections that send pipelined `GET /health` requests as fast as the
 * proxy takes them and never read an answer. Shared by the robustness suite and the benchmark
 * (how much the proxy's memory grows while it is flooded).
 */
import { connect, type Socket } from 'node:net';

export interface Flood {
  /** Bytes the proxy took from the flooders so far (what the kernel accepted from them). */
  written(): number;
  /** Resolves once every flooder sent its share, or after `limitMs` if the proxy stopped reading. */
  readonly settled: Promise<void>;
  stop(): void;
}

export function floodPipelined(options: {
  readonly port: number;
  readonly connections: number;
  readonly totalBytes: number;
  readonly limitMs: number;
}): Flood {
  const request = Buffer.from(`GET /health HTTP/1.1\r\nHost: 127.0.0.1:${options.port}\r\n\r\n`, 'latin1');
  const block = Buffer.concat(Array.from({ length: Math.ceil(65536 / request.length) }, () => request));
  const share = options.totalBytes / options.connections;
  const sockets: Socket[] = [];
  let written = 0;
  const done = Array.from(
    { length: options.connections },
    () =>
      new Promise<void>((resolve) => {
        let sent = 0;
        const socket = connect(options.port, '127.0.0.1');
        sockets.push(socket);
        socket.pause(); // never read an answer
        socket.on('error', () => resolve());
        socket.on('close', () => resolve());
        const pump = (): void => {
          while (sent < share) {
            sent += block.length;
            const more = socket.write(block, () => (written += block.length));
            if (!more) {
              socket.once('drain', pump);
              return;
            }
          }
          resolve();
        };
        socket.on('connect', pump);
      }),
  );
  let timer: NodeJS.Timeout | undefined;
  const settled = Promise.race([
    Promise.all(done).then(() => undefined),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, options.limitMs))),
  ]).finally(() => clearTimeout(timer));
  return {
    written: () => written,
    settled,
    stop() {
      for (const socket of sockets) socket.destroy();
    },
  };
}
