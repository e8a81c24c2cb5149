// An upstream that answers with exact bytes, for tests of how the proxy reads what upstreams send.
import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';

/** One request as the upstream received it. */
export interface Received {
  readonly head: string;
  readonly body: string;
  readonly socket: Socket;
  /** Which accepted connection it came on (0, 1, …). */
  readonly connection: number;
}

/**
 * A TCP (or, given a key and certificate, TLS) server that reads whole requests (head plus
 * Content-Length body) and lets the test answer each with raw bytes, so every framing can be
 * written exactly. It counts connections and bytes received.
 */
export async function startScriptedUpstream(
  answer: (request: Received) => void,
  tls?: { readonly key: string; readonly cert: string },
) {
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  let bytes = 0;
  const onSocket = (socket: Socket) => {
    const connection = connections++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end === -1) return;
        const head = buffer.toString('latin1', 0, end + 4);
        const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (buffer.length < end + 4 + length) return;
        const body = buffer.toString('latin1', end + 4, end + 4 + length);
        buffer = buffer.subarray(end + 4 + length);
        const request = { head, body, socket, connection };
        received.push(request);
        answer(request);
      }
    });
  };
  const server =
    tls === undefined ? createServer(onSocket) : createTlsServer({ ...tls, ALPNProtocols: ['http/1.1'] }, onSocket);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    port: (server.address() as AddressInfo).port,
    received,
    connections: () => connections,
    bytes: () => bytes,
    openSockets: () => sockets.size,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

export type ScriptedUpstream = Awaited<ReturnType<typeof startScriptedUpstream>>;
