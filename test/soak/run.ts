/**
 * `npm run soak [-- --minutes <n>]` (or SOAK_MINUTES; default 1): `keyport serve` as a child
 * process in a private keychain, 100 connections of JSON tools/call (autocannon) plus 200 open
 * SSE streams against one upstream, for n minutes. Samples the server's RSS and open fds every
 * 5 s; after a warm-up (the first fifth of the run, 10–60 s) the RSS (median of the last third
 * of the samples vs the first third) must grow < 10 % and the fd count stay flat; zero errors. Prints the figures; exits 1 when a target is missed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, rmSync, mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { ensureClientKey } from '../../src/clients/client-key-file.js';
import { createCoreContext } from '../../src/core/create-core-context.js';
import { silentLogger } from '../../src/logger.js';
import { startServe } from '../robustness/support/serve-process.js';
import { residentBytes } from '../support/proc-status.js';
import { runKeyport } from '../support/run-keyport.js';
import { ensurePrivateKeychain } from '../robustness/support/private-keychain.js';
import { inheritedEnv } from '../robustness/support/rpc-post.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

function minutesWanted(): number {
  const flag = process.argv.indexOf('--minutes');
  const raw = flag === -1 ? process.env.SOAK_MINUTES : process.argv[flag + 1];
  const minutes = Number(raw ?? '1');
  if (!Number.isFinite(minutes) || minutes <= 0) throw new Error(`--minutes must be a positive number, not "${raw}"`);
  return minutes;
}

// The soak needs the private Secret Service that the tests use: re-run inside it.
ensurePrivateKeychain();

const JSON_CONNECTIONS = 100;
const SSE_STREAMS = 200;
const SAMPLE_MS = 5000;
const TOKEN = `sk_live_${'5oak'.repeat(16)}`;
const BODY = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: {} } });

interface Sample {
  readonly at: number;
  readonly rss: number;
  readonly fds: number;
}

function sample(pid: number, started: number): Sample {
  return { at: (Date.now() - started) / 1000, rss: residentBytes(pid), fds: readdirSync(`/proc/${pid}/fd`).length };
}

function startUpstream(): Promise<{ child: ChildProcess; origin: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'upstream.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) =>
      resolve({ child, origin: `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}` }),
    );
    child.once('exit', (code) => reject(new Error(`the soak upstream exited (${code})`)));
  });
}

/** One SSE stream held open; counts events, and an error when it ends or fails before `stop`. */
function openStream(port: number, key: string, tally: { events: number; errors: number; open: number }) {
  let stopped = false;
  const req = request({
    host: '127.0.0.1',
    port,
    path: '/soak/mcp',
    headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' },
  });
  const fail = () => {
    if (!stopped) tally.errors += 1;
    stopped = true;
  };
  req.on('response', (res) => {
    if (res.statusCode !== 200) fail();
    tally.open += 1;
    res.on('data', (chunk: Buffer) => {
      for (let index = chunk.indexOf('\n\n'); index !== -1; index = chunk.indexOf('\n\n', index + 2)) tally.events += 1;
    });
    res.on('end', () => {
      tally.open -= 1;
      fail();
    });
    res.on('error', fail);
  });
  req.on('error', fail);
  req.end();
  return () => {
    stopped = true;
    req.destroy();
  };
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function main(): Promise<boolean> {
  const minutes = minutesWanted();
  const seconds = Math.round(minutes * 60);
  const warmup = Math.min(60, Math.max(10, seconds / 5));
  const home = mkdtempSync(path.join(tmpdir(), 'keyport-soak-'));
  const env: Record<string, string> = {
    ...inheritedEnv(),
    KEYPORT_HOME: home,
    KEYPORT_KEYCHAIN_SERVICE: `keyport-soak-${process.pid}`,
  };
  const upstream = await startUpstream();
  const stops: Array<() => void> = [];
  let serve: Awaited<ReturnType<typeof startServe>> | undefined;
  try {
    const added = await runKeyport(['add', 'soak', '--url', `${upstream.origin}/mcp`, '--no-verify'], {
      env,
      input: `${TOKEN}\n`,
    });
    if (added.code !== 0) throw new Error(`keyport add failed: ${added.stderr}`);
    const context = createCoreContext({ env, logger: silentLogger });
    const { key } = await ensureClientKey({ ...context, client: 'soak' });
    context.metadata.close();
    context.usage.close();
    serve = await startServe({ env });
    const pid = serve.pid;
    process.stdout.write(
      `soak: ${minutes} min, ${JSON_CONNECTIONS} JSON connections + ${SSE_STREAMS} SSE streams against keyport serve (pid ${pid}), warm-up ${warmup} s\n`,
    );

    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idle = sample(pid, started);
    const samples: Sample[] = [idle];
    const tally = { events: 0, errors: 0, open: 0 };
    for (let index = 0; index < SSE_STREAMS; index += 1) stops.push(openStream(serve.port, key, tally));
    const timer = setInterval(() => {
      const next = sample(pid, started);
      samples.push(next);
      process.stdout.write(
        `  t=${next.at.toFixed(0)}s rss=${mib(next.rss)} fds=${next.fds} sse open=${tally.open} events=${tally.events} errors=${tally.errors}\n`,
      );
    }, SAMPLE_MS);
    const load = await autocannon({
      url: `http://127.0.0.1:${serve.port}/soak/mcp`,
      method: 'POST',
      connections: JSON_CONNECTIONS,
      duration: seconds,
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: BODY,
    });
    clearInterval(timer);
    const sseOpenAtEnd = tally.open;
    for (const stop of stops) stop();

    const steady = samples.filter((entry) => entry.at >= warmup);
    // RSS swings with each GC under load: compare the medians of the first and last thirds.
    const third = Math.max(1, Math.floor(steady.length / 3));
    const baseline = median(steady.slice(0, third).map((entry) => entry.rss));
    const final = median(steady.slice(-third).map((entry) => entry.rss));
    const peak = Math.max(...steady.map((entry) => entry.rss));
    const growth = (final - baseline) / baseline;
    const fds = steady.map((entry) => entry.fds);
    const fdSpread = Math.max(...fds) - Math.min(...fds);
    const errors = load.errors + load.timeouts + load.non2xx + tally.errors;
    const checks = [
      [
        `errors: ${errors} (autocannon errors ${load.errors}, timeouts ${load.timeouts}, non-2xx ${load.non2xx}; SSE ${tally.errors})`,
        errors === 0,
      ],
      [`SSE streams open at the end: ${sseOpenAtEnd} of ${SSE_STREAMS}`, sseOpenAtEnd === SSE_STREAMS],
      [
        `RSS after warm-up ${mib(baseline)} → end ${mib(final)} (peak ${mib(peak)}): ${(growth * 100).toFixed(1)} % (target < 10 %)`,
        growth < 0.1,
      ],
      [
        `open fds after warm-up: ${Math.min(...fds)}–${Math.max(...fds)} (spread ${fdSpread}; target flat, ≤ 10)`,
        fdSpread <= 10,
      ],
    ] as const;
    process.stdout.write(
      `\nsoak figures (${seconds} s, node ${process.version}):\n` +
        `  JSON calls: ${load.requests.total} (${load.requests.average.toFixed(0)} req/s), latency p50 ${load.latency.p50} ms, p99 ${load.latency.p99} ms\n` +
        `  SSE events received: ${tally.events}\n` +
        `  idle 1 s after start, before load: RSS ${mib(idle.rss)}, ${idle.fds} fds\n` +
        checks.map(([text, ok]) => `  ${ok ? 'met   ' : 'MISSED'} ${text}\n`).join(''),
    );
    return checks.every(([, ok]) => ok);
  } finally {
    for (const stop of stops) stop();
    await serve?.stop();
    upstream.child.kill('SIGTERM');
    await runKeyport(['remove', 'soak'], { env }).catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
  }
}

process.exit((await main()) ? 0 : 1);
