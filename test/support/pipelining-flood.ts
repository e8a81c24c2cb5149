/**
 * The pipelining flood: connections that send pipelined `GET /health` requests as fast as the
 * server takes them and never read an answer, and how much the server's memory grows meanwhile.
 * Shared by the robustness suite and the benchmark. A bare node:http server
 * (bare-health-server.mjs) is the reference: V8 grows its young generation under any sustained
 * allocation, by an amount that differs between Node versions.
 */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { residentBytes } from './proc-status.js';

const MIB = 1024 * 1024;
const BARE_SERVER = path.resolve(import.meta.dirname, 'bare-health-server.mjs');

interface Flood {
  /** Bytes the kernel took from the flooders so far. */
  written(): number;
  /** Resolves once every flooder sent its share, or after `limitMs` if the server stopped reading. */
  readonly settled: Promise<void>;
  stop(): void;
}

function floodPipelined(port: number, connections: number, totalBytes: number, limitMs: number): Flood {
  const one = Buffer.from(`GET /health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`, 'latin1');
  const block = Buffer.concat(Array.from({ length: Math.ceil(65536 / one.length) }, () => one));
  const share = totalBytes / connections;
  const sockets: Socket[] = [];
  let written = 0;
  const done = Array.from(
    { length: connections },
    () =>
      new Promise<void>((resolve) => {
        let sent = 0;
        const socket = connect(port, '127.0.0.1');
        sockets.push(socket);
        socket.pause(); // never read an answer
        socket.on('error', () => resolve());
        socket.on('close', () => resolve());
        const pump = (): void => {
          while (sent < share) {
            sent += block.length;
            if (!socket.write(block, () => (written += block.length))) {
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
    new Promise<void>((resolve) => (timer = setTimeout(resolve, limitMs))),
  ]).finally(() => clearTimeout(timer));
  return {
    written: () => written,
    settled,
    stop() {
      for (const socket of sockets) socket.destroy();
    },
  };
}

/** One `GET /health` on a connection of its own: its status and how long it took (ms). */
export function health(port: number): Promise<{ readonly status: number; readonly ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/health', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end();
  });
}

export interface FloodResult {
  /** Peak RSS minus RSS before the flood, MiB. */
  readonly growthMiB: number;
  /** What the server took of the 64 MiB before it stopped reading, MiB. */
  readonly tookMiB: number;
  /** A /health on a fresh connection a second into the flood, and once it stalled. */
  readonly during: { readonly status: number; readonly ms: number };
  readonly after: { readonly status: number; readonly ms: number };
}

/** Floods the server `pid` listening on `port` with 64 MiB on 4 connections (4 s at most). */
export async function floodGrowth(pid: number, port: number): Promise<FloodResult> {
  for (let warm = 0; warm < 20; warm += 1) await health(port);
  const before = residentBytes(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, residentBytes(pid))), 50);
  const flood = floodPipelined(port, 4, 64 * MIB, 4000);
  try {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const during = await health(port);
    await flood.settled;
    peak = Math.max(peak, residentBytes(pid));
    const after = await health(port);
    return { growthMiB: (peak - before) / MIB, tookMiB: flood.written() / MIB, during, after };
  } finally {
    clearInterval(sampler);
    flood.stop();
  }
}

/** The same flood against a bare node:http server on this Node: what the runtime itself adds. */
export async function bareServerFloodGrowth(): Promise<FloodResult> {
  const child = spawn(process.execPath, [BARE_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
    return await floodGrowth(child.pid!, (JSON.parse(line) as { port: number }).port);
  } finally {
    child.kill('SIGKILL');
  }
}
