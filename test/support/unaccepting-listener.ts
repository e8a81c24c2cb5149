/**
 * A loopback port where a TCP handshake never completes, as with a host that drops packets: a
 * child process listens with a backlog of 1 and blocks its event loop so it never accepts; filler
 * connections fill the accept queue, and from then on the kernel drops every new SYN.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

// Node treats a backlog of 0 as "use the default" (511), hence 1. Atomics.wait blocks the loop.
const LISTENER = `
const server = require('node:net').createServer();
server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  process.stdout.write(server.address().port + '\\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300000);
});`;
const MAX_FILLERS = 16;
const HANDSHAKE_WAIT_MS = 300;

export interface UnacceptingListener {
  readonly origin: string;
  close(): Promise<void>;
}

export async function startUnacceptingListener(): Promise<UnacceptingListener> {
  const child = spawn(process.execPath, ['-e', LISTENER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const fillers: Socket[] = [];
  const close = async () => {
    for (const socket of fillers) socket.destroy();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  };
  try {
    const [line] = (await once(child.stdout, 'data')) as [Buffer];
    const port = Number(line.toString().trim());
    for (let count = 0; count < MAX_FILLERS; count += 1) {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      fillers.push(socket);
      const connected = await Promise.race([
        once(socket, 'connect').then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), HANDSHAKE_WAIT_MS)),
      ]);
      if (!connected) return { origin: `http://127.0.0.1:${port}`, close };
    }
    throw new Error(`The accept queue did not fill after ${MAX_FILLERS} connections.`);
  } catch (error) {
    await close();
    throw error;
  }
}
