// 64 MiB of pipelined `GET /health` on 4 connections that never read an answer, against
// `keyport serve` as a child process: node:http parses a connection's next request only as its
// answers drain, so the proxy's memory stays bounded and it keeps answering everyone else.
// The growth that remains is the runtime's: V8 grows its young generation under any sustained
// allocation (to 32 MiB on Node 20, 64 MiB on Node 26), so a bare node:http server under the
// same flood is measured too, as the reference for what the runtime itself adds.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithKeychain, uniqueKeychainService } from '../support/keychain-guard.js';
import { floodPipelined } from '../support/pipelining-flood.js';
import { residentBytes } from '../support/proc-status.js';
import { tempHome } from '../support/temp-home.js';
import { startServe, type ServeProcess } from './support/serve-process.js';

const MIB = 1024 * 1024;
const BARE_SERVER = path.resolve(import.meta.dirname, '../support/bare-health-server.mjs');

/** RSS growth (MiB) of the process `pid` listening on `port` while it is flooded; checks it keeps answering. */
async function growthUnderFlood(
  pid: number,
  port: number,
): Promise<{ readonly growth: number; readonly took: number }> {
  for (let warm = 0; warm < 20; warm += 1) await health(port);
  const before = residentBytes(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, residentBytes(pid))), 50);
  const flood = floodPipelined({ port, connections: 4, totalBytes: 64 * MIB, limitMs: 4000 });
  try {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // Mid-flood (both cores busy with it), the probe still gets its answer.
    const during = await health(port);
    expect(during.status).toBe(200);
    expect(during.ms).toBeLessThan(3000);
    await flood.settled;
    peak = Math.max(peak, residentBytes(pid));
    const after = await health(port);
    expect(after.status).toBe(200);
    expect(after.ms).toBeLessThan(1000);
  } finally {
    clearInterval(sampler);
    flood.stop();
  }
  return { growth: (peak - before) / MIB, took: flood.written() / MIB };
}

async function bareServerGrowth(): Promise<number> {
  const child = spawn(process.execPath, [BARE_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
    const { port } = JSON.parse(line) as { port: number };
    return (await growthUnderFlood(child.pid!, port)).growth;
  } finally {
    child.kill('SIGKILL');
  }
}

function health(port: number): Promise<{ readonly status: number; readonly ms: number }> {
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

describeWithKeychain('robustness: a pipelining flood', () => {
  const home = tempHome('flood');
  let serve: ServeProcess;

  beforeAll(async () => {
    serve = await startServe({ env: { KEYPORT_HOME: home, KEYPORT_KEYCHAIN_SERVICE: uniqueKeychainService('flood') } });
  });

  afterAll(async () => {
    await serve?.stop();
  });

  it('Given 64 MiB of unread pipelined /health on 4 connections, then RSS grows by 64 MiB at most (or what the runtime itself adds) and the proxy keeps answering', async () => {
    const reference = await bareServerGrowth();
    const { growth, took } = await growthUnderFlood(serve.pid, serve.port);
    console.log(
      `pipelining flood (Node ${process.versions.node}): the proxy took ${took.toFixed(1)} MiB of 64; ` +
        `RSS +${growth.toFixed(1)} MiB (a bare node:http server: +${reference.toFixed(1)} MiB)`,
    );
    expect(growth).toBeLessThanOrEqual(Math.max(64, reference + 16));
  });
});
