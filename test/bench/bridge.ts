/**
 * Bridge benchmark: time from spawn to an answered `initialize`, and the per-call round trip of
 * `tools/call`, for `keyport bridge <name>` next to mcp-remote doing the same job (stdio → the same
 * proxy route, local key in a header). Both talk to one running proxy and one SDK upstream.
 * A third side, the bench process calling the route over HTTP itself, is the reference for what
 * each relay adds (`addedMs`). Calls alternate between the three in batches.
 *
 *   test/support/with-keychain.sh node --import tsx test/bench/bridge.ts   (after npm run build:core)
 *
 * Options (env): BENCH_STARTS (default 7 spawns each), BENCH_CALLS (default 200 calls each).
 * Prints one JSON object; `runBridgeBench()` returns it for test/bench/run.ts.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ensureClientKey } from '../../src/clients/client-key-file.js';
import { createCoreContext } from '../../src/core/create-core-context.js';
import { createTokenService } from '../../src/core/token-service.js';
import { silentLogger } from '../../src/logger.js';
import { startProxy } from '../../src/proxy/start-proxy.js';
import { startStatefulUpstream } from '../support/upstreams/bearer-upstreams.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'keyport.js');
const MCP_REMOTE = path.join(ROOT, 'node_modules', 'mcp-remote', 'dist', 'proxy.js');

interface Answer {
  readonly result?: unknown;
  readonly error?: unknown;
}

/** One side's MCP client end: a relay process over stdio, or the direct HTTP reference. */
interface Peer {
  request(method: string, params: unknown): Promise<Answer>;
  notify(method: string): void;
  close(): Promise<void>;
}

/** How long one answer may take before the bench gives up on that peer (no silent hang). */
const ANSWER_TIMEOUT_MS = 30_000;

function stdioPeer(name: string, child: ChildProcessWithoutNullStreams): Peer {
  const waiting = new Map<number, { resolve: (message: Answer) => void; reject: (error: Error) => void }>();
  let buffer = '';
  let nextId = 1;
  let exited: string | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (!line.startsWith('{')) continue;
      const message = JSON.parse(line) as Answer & { id?: number };
      if (typeof message.id === 'number' && 'method' in message === false) waiting.get(message.id)?.resolve(message);
    }
  });
  // stderr is drained, never printed: mcp-remote may echo its --header (a local key).
  child.stderr.resume();
  const failAll = (reason: string) => {
    exited = reason;
    for (const { reject } of waiting.values()) reject(new Error(`bridge bench: ${name} ${reason} before answering`));
    waiting.clear();
  };
  child.once('exit', (code, signal) => failAll(`exited (${signal ?? `code ${code}`})`));
  child.once('error', (error) => failAll(`could not start (${error.message})`));
  return {
    request: (method, params) =>
      new Promise((resolve, reject) => {
        if (exited !== undefined) {
          reject(new Error(`bridge bench: ${name} ${exited}`));
          return;
        }
        const id = nextId++;
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`bridge bench: ${name} did not answer ${method} within ${ANSWER_TIMEOUT_MS / 1000} s`));
        }, ANSWER_TIMEOUT_MS);
        const settle = () => {
          clearTimeout(timer);
          waiting.delete(id);
        };
        waiting.set(id, {
          resolve: (message) => {
            settle();
            resolve(message);
          },
          reject: (error) => {
            settle();
            reject(error);
          },
        });
        child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
      }),
    notify: (method) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method })}\n`),
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.stdin.end();
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

/**
 * The reference for what a relay adds: the bench process itself calls the same route over HTTP
 * (one keep-alive connection, its own session), as a client with Streamable HTTP built in would.
 */
async function directPeer(url: string, key: string): Promise<Peer> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let session: string | undefined;
  let nextId = 1;
  const post = (message: object) =>
    new Promise<string>((resolve, reject) => {
      const body = JSON.stringify(message);
      const req = httpRequest(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            authorization: `Bearer ${key}`,
            accept: 'application/json, text/event-stream',
            'content-type': 'application/json',
            ...(session === undefined
              ? {}
              : { 'mcp-session-id': session, 'mcp-protocol-version': INITIALIZE.protocolVersion }),
          },
        },
        (res) => {
          const id = res.headers['mcp-session-id'];
          if (typeof id === 'string') session = id;
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  /** The answer to `id` in a JSON or SSE body. */
  const answerIn = (text: string, id: number): Answer => {
    const payloads = text.trimStart().startsWith('{')
      ? [text]
      : text.split('\n').flatMap((line) => (line.startsWith('data:') ? [line.slice(5)] : []));
    for (const payload of payloads) {
      const message = JSON.parse(payload) as Answer & { id?: number };
      if (message.id === id) return message;
    }
    throw new Error(`bridge bench: the direct call got no answer to request ${id}`);
  };
  return {
    request: async (method, params) => {
      const id = nextId++;
      return answerIn(await post({ jsonrpc: '2.0', id, method, params }), id);
    },
    notify: (method) => void post({ jsonrpc: '2.0', method }),
    close: async () => agent.destroy(),
  };
}

const INITIALIZE = {
  protocolVersion: '2025-06-18',
  capabilities: {},
  clientInfo: { name: 'bridge-bench', version: '1.0.0' },
};

interface Side {
  readonly name: string;
  /** A relay process (timed from spawn), or the direct reference (opened once, not timed). */
  readonly open: () => Promise<Peer>;
  readonly spawned: boolean;
  readonly readyMs: number[];
  readonly callMs: number[];
  peer?: Peer;
}

async function startReady(side: Side): Promise<Peer> {
  const started = performance.now();
  const peer = await side.open();
  const init = await peer.request('initialize', INITIALIZE);
  if (init.error) throw new Error(`${side.name}: initialize failed: ${JSON.stringify(init.error)}`);
  if (side.spawned) side.readyMs.push(performance.now() - started);
  peer.notify('notifications/initialized');
  return peer;
}

async function timedCall(side: Side, text: string): Promise<void> {
  const started = performance.now();
  const answer = await side.peer!.request('tools/call', { name: 'echo', arguments: { text } });
  if (answer.error) throw new Error(`${side.name}: tools/call failed: ${JSON.stringify(answer.error)}`);
  side.callMs.push(performance.now() - started);
}

/** Calls per batch: the sides take turns, so a slow phase of the machine hits both alike. */
const BATCH = 20;

/**
 * Spawns alternate between the sides (`starts` each); the last spawn of each stays up for the
 * calls, which alternate in batches after 10 warm-up calls each.
 */
async function measure(sides: readonly Side[], starts: number, calls: number): Promise<void> {
  try {
    for (let round = 0; round < starts; round += 1) {
      for (const side of sides) {
        if (!side.spawned && round < starts - 1) continue;
        const peer = await startReady(side);
        if (round < starts - 1) await peer.close();
        else side.peer = peer;
      }
    }
    for (const side of sides) {
      for (let i = 0; i < 10; i += 1)
        await side.peer!.request('tools/call', { name: 'echo', arguments: { text: 'warm' } });
    }
    for (let done = 0; done < calls; done += BATCH) {
      for (const side of sides) {
        for (let i = done; i < Math.min(calls, done + BATCH); i += 1) await timedCall(side, `call ${i}`);
      }
    }
    if (sides.some((side) => side.callMs.length !== calls)) throw new Error('bridge bench: a side missed calls');
  } finally {
    for (const side of sides) await side.peer?.close();
  }
}

function stats(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const round = (n: number) => Math.round(n * 100) / 100;
  return { median: round(at(0.5)), p90: round(at(0.9)), min: round(sorted[0] ?? NaN), n: values.length };
}

export async function runBridgeBench(options: { starts?: number; calls?: number } = {}) {
  const starts = options.starts ?? Number(process.env.BENCH_STARTS ?? 7);
  const calls = options.calls ?? Number(process.env.BENCH_CALLS ?? 200);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'keyport-bridge-bench-'));
  const env = { KEYPORT_HOME: path.join(home, 'data'), KEYPORT_KEYCHAIN_SERVICE: `keyport-bench-${process.pid}` };
  const token = `sk_live_${'ab'.repeat(32)}`;
  const upstream = await startStatefulUpstream(token);
  const context = createCoreContext({ env, logger: silentLogger });
  const tokens = createTokenService(context);
  try {
    await tokens.add({ name: 'bench', url: upstream.url, token, verify: false });
    const proxy = await startProxy({ context, port: 0 });
    try {
      const { key } = await ensureClientKey({ ...context, client: 'claude-desktop' });
      const childEnv = {
        ...env,
        HOME: home,
        PATH: process.env.PATH ?? '',
        MCP_REMOTE_CONFIG_DIR: path.join(home, 'mcp-auth'),
      };
      const route = `${proxy.url.replace(/\/$/, '')}/bench/mcp`;
      const spawned = (name: string, spawnIt: () => ChildProcessWithoutNullStreams): Side => ({
        name,
        open: async () => stdioPeer(name, spawnIt()),
        spawned: true,
        readyMs: [],
        callMs: [],
      });
      const bridge = spawned('keyport bridge', () =>
        spawn(process.execPath, [CLI, 'bridge', 'bench', '--port', String(proxy.port)], {
          env: { ...childEnv, KEYPORT_LOG_LEVEL: 'warn' },
        }),
      );
      const mcpRemote = spawned('mcp-remote', () =>
        spawn(
          process.execPath,
          [MCP_REMOTE, route, '--transport', 'http-only', '--header', `Authorization: Bearer ${key}`],
          { env: childEnv },
        ),
      );
      const direct: Side = {
        name: 'direct',
        open: () => directPeer(route, key),
        spawned: false,
        readyMs: [],
        callMs: [],
      };
      await measure([bridge, mcpRemote, direct], starts, calls);
      const result = {
        node: process.version,
        cpus: os.cpus().length,
        starts,
        calls,
        bridge: { readyMs: stats(bridge.readyMs), callMs: stats(bridge.callMs) },
        mcpRemote: { readyMs: stats(mcpRemote.readyMs), callMs: stats(mcpRemote.callMs) },
        direct: { callMs: stats(direct.callMs) },
      };
      const round = (n: number) => Math.round(n * 100) / 100;
      return {
        ...result,
        /** What each relay adds to a call over the direct HTTP call, median against median. */
        addedMs: {
          bridge: round(result.bridge.callMs.median - result.direct.callMs.median),
          mcpRemote: round(result.mcpRemote.callMs.median - result.direct.callMs.median),
        },
        ratios: {
          ready: round(result.bridge.readyMs.median / result.mcpRemote.readyMs.median),
          call: round(result.bridge.callMs.median / result.mcpRemote.callMs.median),
        },
      };
    } finally {
      await proxy.close();
    }
  } finally {
    await tokens.remove('bench').catch(() => undefined);
    context.metadata.close();
    context.usage.close();
    await upstream.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await runBridgeBench();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
