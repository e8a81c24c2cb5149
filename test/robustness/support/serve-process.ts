/**
 * `keyport serve` as a child process (the built CLI; serve-fallback.ts when a short flush
 * interval is needed), started on a free port and awaited on /health.
 * Shared by the robustness suite, the leak sweep and the soak.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { KEYPORT_CLI } from '../../support/run-keyport.js';
import { closedPort } from './sockets.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SERVE_COMMAND = path.join(ROOT, 'dist/src/cli/commands/serve.js');
const FALLBACK = path.join(import.meta.dirname, 'serve-fallback.ts');

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly port: number;
  /** Everything the process wrote so far. */
  readonly output: () => { readonly stdout: string; readonly stderr: string };
  /** Resolves with the exit code (or signal) once the process is gone. */
  readonly exited: Promise<number | string>;
  stop(): Promise<number | string>;
}

/** True once `keyport serve` is in the built CLI. */
export const hasServeCommand = (): boolean => existsSync(SERVE_COMMAND);

/** `keyport serve`; the stand-in when the command is missing or a flush interval is asked for. */
export function serveArgs(port: number, flushMs?: number): string[] {
  return hasServeCommand() && flushMs === undefined
    ? [KEYPORT_CLI, 'serve', '--port', String(port)]
    : ['--import', 'tsx', FALLBACK];
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/health', timeout: 500 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

export async function startServe(options: {
  readonly env: Record<string, string>;
  readonly port?: number;
  /** Wait for /health (default true); false returns at once (e.g. to watch a failure). */
  readonly waitReady?: boolean;
  /** Usage/audit flush interval; `keyport serve` has no such option, so this runs serve-fallback.ts. */
  readonly flushMs?: number;
}): Promise<ServeProcess> {
  const port = options.port ?? (await closedPort());
  const child = spawn(process.execPath, serveArgs(port, options.flushMs), {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      ...options.env,
      KEYPORT_PORT: String(port),
      ...(options.flushMs === undefined ? {} : { KEYPORT_FLUSH_MS: String(options.flushMs) }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const serve: ServeProcess = {
    child,
    pid: child.pid!,
    port,
    output: () => ({ stdout, stderr }),
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
  if (options.waitReady === false) return serve;
  const deadline = Date.now() + 20_000;
  while (!(await healthy(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`keyport serve did not come up on ${port}: ${stderr.slice(-500)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return serve;
}
