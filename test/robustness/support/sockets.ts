/**
 * Socket-level helpers for the robustness suite: raw bytes with a deadline, half-open
 * connections, a plain upstream that counts its open sockets, and this process's open fds.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';

/** Writes `bytes` on a fresh socket; resolves with what came back when the server closes or after `waitMs`. */
export function sendRaw(port: number, bytes: string | Buffer, waitMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', done);
    socket.on('error', done);
  });
}

/** The status code of the first response in a raw HTTP answer (0 when there was none). */
export function statusOf(answer: string): number {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(answer);
  return match ? Number(match[1]) : 0;
}

/** Opens `count` connections that each send `head` (part of a request, or a whole one) and then wait. */
export async function halfOpen(port: number, count: number, head: string): Promise<Socket[]> {
  const sockets = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect(port, '127.0.0.1', () => {
            socket.write(head);
            resolve(socket);
          });
          socket.on('error', reject);
        }),
    ),
  );
  for (const socket of sockets) socket.on('error', () => undefined);
  return sockets;
}

export interface CountingServer {
  readonly server: Server;
  readonly origin: string;
  readonly port: number;
  /** Requests received (method + url + authorization header presence). */
  readonly requests: Array<{ readonly url: string; readonly authorization: string | undefined }>;
  /** TCP connections currently open on the server side. */
  openSockets(): number;
  /** Open connections that carried at least one request (idle fresh connections excluded). */
  openRequestSockets(): number;
  close(): Promise<void>;
}

export async function startCountingServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<CountingServer> {
  const requests: Array<{ url: string; authorization: string | undefined }> = [];
  const open = new Set<Socket>();
  const used = new WeakSet<Socket>();
  const server = createServer((req, res) => {
    used.add(req.socket);
    requests.push({ url: req.url ?? '', authorization: req.headers.authorization });
    handler(req, res);
  });
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    origin: `http://127.0.0.1:${port}`,
    requests,
    openSockets: () => open.size,
    openRequestSockets: () => [...open].filter((socket) => used.has(socket)).length,
    close: () =>
      new Promise((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A TCP listener that accepts connections and never answers (a black-holed upstream). */
export async function startBlackHole(): Promise<{ readonly origin: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Open socket file descriptors of a process (Linux /proc). */
export function openSocketFds(pid: number | 'self' = 'self'): number {
  const dir = `/proc/${pid}/fd`;
  let sockets = 0;
  for (const fd of readdirSync(dir)) {
    try {
      if (readlinkSync(`${dir}/${fd}`).startsWith('socket:')) sockets += 1;
    } catch {
      // The fd closed while listing.
    }
  }
  return sockets;
}
