/**
 * Bridge benchmark: time from spawn to an answered `initialize`, and the per-call round trip of
 * `tools/call`, for `keyport bridge <name>` next to mcp-remote doing the same job (stdio → the same
 * proxy route, local key in a header). Both talk to one running proxy and one SDK upstream.
 *
 *   test/support/with-keychain.sh node --import tsx test/bench/bridge.ts   (after npm run build:core)
 *
 * Options (env): BENCH_STARTS (default 7 spawns each), BENCH_CALLS (default 200 calls each).
 * Prints one JSON object; `runBridgeBench()` returns it for test/bench/run.ts.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
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

interface StdioPeer {
  request(method: string, params: unknown): Promise<{ result?: unknown; error?: unknown }>;
  notify(method: string): void;
  close(): Promise<void>;
}

function stdioPeer(child: ChildProcessWithoutNullStreams): StdioPeer {
  const waiting = new Map<number, (message: { result?: unknown; error?: unknown }) => void>();
  let buffer = '';
  let nextId = 1;
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (!line.startsWith('{')) continue;
      const message = JSON.parse(line) as { id?: number; result?: unknown; error?: unknown };
      if (typeof message.id === 'number' && 'method' in message === false) waiting.get(message.id)?.(message);
    }
  });
  return {
    request: (method, params) =>
      new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
      }),
    notify: (method) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method })}\n`),
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.stdin.end();
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

const INITIALIZE = {
  protocolVersion: '2025-06-18',
  capabilities: {},
  clientInfo: { name: 'bridge-bench', version: '1.0.0' },
};

interface Side {
  readonly spawnIt: () => ChildProcessWithoutNullStreams;
  readonly readyMs: number[];
  readonly callMs: number[];
  peer?: StdioPeer;
}

async function startReady(side: Side): Promise<StdioPeer> {
  const started = performance.now();
  const peer = stdioPeer(side.spawnIt());
  const init = await peer.request('initialize', INITIALIZE);
  if (init.error) throw new Error(`initialize failed: ${JSON.stringify(init.error)}`);
  side.readyMs.push(performance.now() - started);
  peer.notify('notifications/initialized');
  return peer;
}

async function timedCall(side: Side, text: string): Promise<void> {
  const started = performance.now();
  const answer = await side.peer!.request('tools/call', { name: 'echo', arguments: { text } });
  if (answer.error) throw new Error(`tools/call failed: ${JSON.stringify(answer.error)}`);
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
      const bridge: Side = {
        spawnIt: () =>
          spawn(process.execPath, [CLI, 'bridge', 'bench', '--port', String(proxy.port)], {
            env: { ...childEnv, KEYPORT_LOG_LEVEL: 'warn' },
          }),
        readyMs: [],
        callMs: [],
      };
      const mcpRemote: Side = {
        spawnIt: () =>
          spawn(
            process.execPath,
            [
              MCP_REMOTE,
              `${proxy.url.replace(/\/$/, '')}/bench/mcp`,
              '--transport',
              'http-only',
              '--header',
              `Authorization: Bearer ${key}`,
            ],
            { env: childEnv },
          ),
        readyMs: [],
        callMs: [],
      };
      await measure([bridge, mcpRemote], starts, calls);
      const result = {
        node: process.version,
        cpus: os.cpus().length,
        starts,
        calls,
        bridge: { readyMs: stats(bridge.readyMs), callMs: stats(bridge.callMs) },
        mcpRemote: { readyMs: stats(mcpRemote.readyMs), callMs: stats(mcpRemote.callMs) },
      };
      return {
        ...result,
        ratios: {
          ready: Math.round((result.bridge.readyMs.median / result.mcpRemote.readyMs.median) * 100) / 100,
          call: Math.round((result.bridge.callMs.median / result.mcpRemote.callMs.median) * 100) / 100,
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
