/**
 * Debian's tinyproxy as a real forward proxy for tests (plain absolute-form requests and CONNECT):
 * its own config, log file and free loopback port in a temp folder, optional BasicAuth, CONNECT
 * allowed to any port unless `connectPorts` names some (then CONNECT elsewhere is a 403). Missing
 * tinyproxy with CI=true fails naming the package; locally the caller skips (`tinyproxyAvailable`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { closedPort } from '../robustness/support/sockets.js';
import { commandAvailable } from './command-prerequisite.js';

export const TINYPROXY = '/usr/bin/tinyproxy';
export const TINYPROXY_MISSING = 'The proxy tests need tinyproxy: apt-get install -y tinyproxy';

export function tinyproxyAvailable(): boolean {
  return commandAvailable(TINYPROXY, ['-v'], TINYPROXY_MISSING);
}

export interface TinyproxyOptions {
  /** BasicAuth: requests (and CONNECTs) without these credentials get 407. */
  readonly auth?: { readonly user: string; readonly password: string };
  /** Only CONNECT to these ports is allowed (others get 403); default any port. */
  readonly connectPorts?: readonly number[];
}

/** One request line tinyproxy logged: `CONNECT 127.0.0.1:8443` or `GET http://127.0.0.1:8080/mcp`. */
export interface ProxiedRequest {
  readonly method: string;
  readonly target: string;
}

export interface Tinyproxy {
  /** http://127.0.0.1:<port> — no credentials. */
  readonly url: string;
  /** The URL with the BasicAuth credentials as userinfo (= `url` without auth). */
  readonly urlWithCredentials: string;
  readonly port: number;
  /** The whole log so far. */
  log(): string;
  /** The requests it received, in order. */
  requests(): ProxiedRequest[];
  /** The targets of its CONNECT requests. */
  connects(): string[];
  stop(): Promise<void>;
}

function config(port: number, logFile: string, options: TinyproxyOptions): string {
  return [
    `Port ${port}`,
    'Listen 127.0.0.1',
    'Timeout 30',
    `LogFile "${logFile}"`,
    'LogLevel Info',
    'MaxClients 50',
    'Allow 127.0.0.1',
    'DisableViaHeader Yes',
    ...(options.auth ? [`BasicAuth ${options.auth.user} ${options.auth.password}`] : []),
    ...(options.connectPorts ?? []).map((allowed) => `ConnectPort ${allowed}`),
    '',
  ].join('\n');
}

async function accepting(port: number, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      const log = (() => {
        try {
          return readFileSync(logFile, 'utf8');
        } catch {
          return '';
        }
      })();
      throw new Error(`tinyproxy did not accept connections on ${port}: ${log.slice(-500)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startTinyproxy(options: TinyproxyOptions = {}): Promise<Tinyproxy> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keyport-tinyproxy-'));
  const logFile = path.join(dir, 'tinyproxy.log');
  const configFile = path.join(dir, 'tinyproxy.conf');
  const port = await closedPort();
  writeFileSync(configFile, config(port, logFile, options));
  writeFileSync(logFile, '');
  const child = spawn(TINYPROXY, ['-d', '-c', configFile], { stdio: 'ignore' });
  const exited = once(child, 'exit');
  await accepting(port, child, logFile);
  const url = `http://127.0.0.1:${port}`;
  const auth = options.auth;
  const log = () => readFileSync(logFile, 'utf8');
  const requests = () =>
    [...log().matchAll(/\]: Request \(file descriptor \d+\): (\S+) (\S+) HTTP\/1\.[01]$/gm)].map((match) => ({
      method: match[1]!,
      target: match[2]!,
    }));
  return {
    url,
    urlWithCredentials: auth
      ? `http://${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.password)}@127.0.0.1:${port}`
      : url,
    port,
    log,
    requests,
    connects: () => requests().flatMap((request) => (request.method === 'CONNECT' ? [request.target] : [])),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
