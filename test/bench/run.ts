// `npm run bench`: one minimal upstream reached directly, through nginx injecting the header,
// through a bare Node proxy (reference) and through Keyport — throughput at 10 connections
// (autocannon), latency added at concurrency 1 (p50/p99, µs), proxy CPU per request, SSE
// per-event added delay, Keyport's memory idle and after 100k requests, and the idle memory of
// the real `keyport serve` (serve-memory.ts). Every server runs in its own process (Keyport from
// the compiled dist/). Prints one table; ~2 minutes.
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { ensurePrivateKeychain } from '../robustness/support/private-keychain.js';
import { serveIdleRss } from './serve-memory.js';

const here = dirname(fileURLToPath(import.meta.url));
const TOKEN = `sk_live_${'0123456789abcdef'.repeat(4)}`;
const BODY = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: { name: 'echo', arguments: { text: 'hi' } },
});
const NGINX = '/usr/sbin/nginx';
const children: ChildProcess[] = [];

interface Target {
  readonly name: 'direct' | 'nginx' | 'bare-node' | 'keyport';
  readonly origin: string;
  readonly path: string;
  readonly headers: Record<string, string>;
}

function firstLine(child: ChildProcess): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve(JSON.parse(line) as Record<string, unknown>));
    child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
  });
}

function startNodeChild(file: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = fork(join(here, file), args, {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
  children.push(child);
  return child;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function startNginx(upstreamPort: number): Promise<{ origin: string; dir: string } | undefined> {
  if (!existsSync(NGINX)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'keyport-bench-nginx-'));
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, sub));
  const port = await freePort();
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream up { server 127.0.0.1:${upstreamPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://up;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Authorization "Bearer ${TOKEN}";
      proxy_buffering off;
    }
  }
}
`,
  );
  const child = spawn(NGINX, ['-p', dir, '-e', `${dir}/error.log`, '-c', `${dir}/nginx.conf`], { stdio: 'ignore' });
  children.push(child);
  const origin = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const up = await fetch(`${origin}/`, { method: 'POST', body: BODY }).then(
      () => true,
      () => false,
    );
    if (up) return { origin, dir };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nginx did not start (see ${dir}/error.log)`);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Sequential requests on one keep-alive connection; per-request µs, sorted. */
async function sequential(target: Target, warmup: number, count: number): Promise<number[]> {
  const pool = new Pool(target.origin, { connections: 1, pipelining: 1 });
  const options = { path: target.path, method: 'POST' as const, headers: target.headers, body: BODY };
  for (let index = 0; index < warmup; index += 1) await (await pool.request(options)).body.arrayBuffer();
  const samples: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    await (await pool.request(options)).body.arrayBuffer();
    samples.push((performance.now() - started) * 1000);
  }
  await pool.close();
  return samples.sort((a, b) => a - b);
}

async function cannon(target: Target, options: { duration?: number; amount?: number }): Promise<autocannon.Result> {
  return autocannon({
    url: `${target.origin}${target.path}`,
    method: 'POST',
    headers: target.headers,
    body: BODY,
    connections: 10,
    ...options,
  });
}

/** Events per SSE stream: enough that p99 rests on ten samples, not one or two. */
const SSE_EVENTS = 1000;

/** SSE: when each event arrived (µs on this process's clock), by its sequence number. */
function sseArrivals(target: Target, query: string): Promise<Map<number, number>> {
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (target.headers.authorization) headers.authorization = target.headers.authorization;
  const path = `${target.name === 'direct' || target.name === 'nginx' ? '/sse' : target.path}?${query}`;
  return new Promise((resolve, reject) => {
    const request = httpGet(`${target.origin}${path}`, { headers, agent: false }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`SSE through ${target.name}: HTTP ${response.statusCode}`));
        return;
      }
      const arrivals = new Map<number, number>();
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (text: string) => {
        const at = performance.now() * 1000;
        buffer += text;
        for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
          const seq = Number(/^data: (\d+)$/.exec(buffer.slice(0, end))?.[1]);
          if (Number.isInteger(seq)) arrivals.set(seq, at);
          buffer = buffer.slice(end + 2);
        }
      });
      response.on('end', () => resolve(arrivals));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

/**
 * SSE per-event added delay (µs), sorted: the upstream writes each event to a direct stream and
 * to one through `target` in the same tick, so each event's arrival through `target` minus its
 * direct arrival is the delay `target` added to that very event. Pairing events cancels the
 * upstream's timer jitter and the machine's noise that hits both streams alike.
 */
async function sseAddedDelays(direct: Target, target: Target, count: number): Promise<number[]> {
  const query = `count=${count}&gapMs=5&group=${randomUUID()}&subscribers=2`;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`SSE through ${target.name}: no end after 60 s`)), 60_000);
  });
  const [viaDirect, viaTarget] = await Promise.race([
    Promise.all([sseArrivals(direct, query), sseArrivals(target, query)]),
    timeout,
  ]).finally(() => clearTimeout(timer));
  const added: number[] = [];
  for (const [seq, at] of viaTarget) {
    const directAt = viaDirect.get(seq);
    if (directAt !== undefined) added.push(at - directAt);
  }
  if (added.length !== count) throw new Error(`SSE through ${target.name}: ${added.length} of ${count} events paired`);
  return added.sort((a, b) => a - b);
}

const statsOf = (child: ChildProcess): Promise<{ rss: number; cpuMicros: number }> =>
  new Promise((resolve) => {
    child.once('message', (message) => resolve(message as { rss: number; cpuMicros: number }));
    child.send('stats');
  });

const fmt = (value: number, digits = 0) => value.toFixed(digits);

async function main(): Promise<void> {
  const began = Date.now();
  try {
    execFileSync('npm', ['run', '--silent', 'build:core'], { stdio: 'ignore' });
  } catch {
    if (!existsSync(join(here, '../../dist/src/proxy/start-proxy.js'))) throw new Error('npm run build:core failed');
    process.stderr.write('bench: build:core reported errors; using the existing dist/\n');
  }
  const upstream = startNodeChild('upstream.mjs', []);
  const { port: upstreamPort } = (await firstLine(upstream)) as { port: number };
  const upstreamOrigin = `http://127.0.0.1:${upstreamPort}`;
  const keyportChild = startNodeChild('keyport-child.mjs', [`${upstreamOrigin}/sse`], { BENCH_TOKEN: TOKEN });
  const { port: keyportPort, key } = (await firstLine(keyportChild)) as { port: number; key: string };
  const bareChild = startNodeChild('bare-proxy.mjs', [`${upstreamOrigin}/sse`], { BENCH_TOKEN: TOKEN });
  const { port: barePort } = (await firstLine(bareChild)) as { port: number };
  const nginx = await startNginx(upstreamPort);
  const proxyChildren = new Map<string, ChildProcess>([
    ['keyport', keyportChild],
    ['bare-node', bareChild],
  ]);

  const json = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  const targets: Target[] = [
    { name: 'direct', origin: upstreamOrigin, path: '/mcp', headers: { ...json, authorization: `Bearer ${TOKEN}` } },
    ...(nginx ? [{ name: 'nginx' as const, origin: nginx.origin, path: '/mcp', headers: json }] : []),
    { name: 'bare-node', origin: `http://127.0.0.1:${barePort}`, path: '/mcp', headers: json },
    {
      name: 'keyport',
      origin: `http://127.0.0.1:${keyportPort}`,
      path: '/bench/mcp',
      headers: { ...json, authorization: `Bearer ${key}` },
    },
  ];
  // The proxies' upstream URL is the SSE endpoint; POSTs to it reach the same JSON handler.

  const idleRss = (await statsOf(keyportChild)).rss;
  const progress = (stage: string) => process.stderr.write(`bench: ${stage}…\n`);
  progress('keyport serve idle memory (20 s), then a pipelining flood');
  const serveRss = await serveIdleRss(upstreamOrigin);

  progress('latency at concurrency 1');
  // Sequential latency in interleaved rounds, so drift in machine load hits every target alike.
  const ROUNDS = 4;
  const PER_ROUND = 2000;
  const samplesOf = new Map<string, number[]>(targets.map((target) => [target.name, []]));
  const cpuOf = new Map<string, number>();
  for (const target of targets) await sequential(target, 2000, 0);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const target of targets) {
      const child = proxyChildren.get(target.name);
      const before = child ? (await statsOf(child)).cpuMicros : 0;
      samplesOf.get(target.name)!.push(...(await sequential(target, 0, PER_ROUND)));
      if (child) cpuOf.set(target.name, (cpuOf.get(target.name) ?? 0) + (await statsOf(child)).cpuMicros - before);
    }
  }
  const latency = new Map<string, { p50: number; p99: number }>();
  const cpu = new Map<string, number>();
  for (const target of targets) {
    const samples = samplesOf.get(target.name)!.sort((a, b) => a - b);
    latency.set(target.name, { p50: percentile(samples, 50), p99: percentile(samples, 99) });
    if (cpuOf.has(target.name)) cpu.set(target.name, cpuOf.get(target.name)! / (ROUNDS * PER_ROUND));
  }

  progress('throughput at 10 connections');
  // Interleaved rounds too: 3 × 2 s per target, so a slow phase of the machine is shared.
  const THROUGHPUT_ROUNDS = 3;
  const runsOf = new Map<string, autocannon.Result[]>(targets.map((target) => [target.name, []]));
  for (const target of targets) await cannon(target, { duration: 1 });
  for (let round = 0; round < THROUGHPUT_ROUNDS; round += 1) {
    for (const target of targets) runsOf.get(target.name)!.push(await cannon(target, { duration: 2 }));
  }
  const throughput = new Map<string, { rps: number; p99: number; p50: number }>();
  for (const [name, runs] of runsOf) {
    throughput.set(name, {
      rps: runs.reduce((sum, run) => sum + run.requests.total, 0) / runs.reduce((sum, run) => sum + run.duration, 0),
      // The median round's figure.
      p50: percentile(
        runs.map((run) => run.latency.p50).sort((a, b) => a - b),
        50,
      ),
      p99: percentile(
        runs.map((run) => run.latency.p99).sort((a, b) => a - b),
        50,
      ),
    });
  }

  progress('SSE per-event delay');
  const sse = new Map<string, { p50: number; p99: number }>();
  const directTarget = targets.find((target) => target.name === 'direct')!;
  for (const target of targets.filter((candidate) => candidate !== directTarget)) {
    const added = await sseAddedDelays(directTarget, target, SSE_EVENTS);
    sse.set(target.name, { p50: percentile(added, 50), p99: percentile(added, 99) });
  }

  const keyport = targets.find((target) => target.name === 'keyport')!;
  progress('memory after 100k requests');
  await cannon(keyport, { amount: 100_000 });
  const loadedRss = (await statsOf(keyportChild)).rss;

  const direct = latency.get('direct')!;
  const rows: string[][] = [
    [
      'target',
      'req/s @10',
      'p50 ms @10',
      'p99 ms @10',
      'seq p50 µs',
      'seq p99 µs',
      'added p50 µs',
      'added p99 µs',
      'CPU µs/req',
      'SSE added p50 µs',
      'SSE added p99 µs',
    ],
  ];
  for (const target of targets) {
    const lat = latency.get(target.name)!;
    const tp = throughput.get(target.name)!;
    rows.push([
      target.name,
      fmt(tp.rps),
      fmt(tp.p50, 2),
      fmt(tp.p99, 2),
      fmt(lat.p50),
      fmt(lat.p99),
      target.name === 'direct' ? '—' : fmt(lat.p50 - direct.p50),
      target.name === 'direct' ? '—' : fmt(lat.p99 - direct.p99),
      cpu.has(target.name) ? fmt(cpu.get(target.name)!) : '—',
      target.name === 'direct' ? '—' : fmt(sse.get(target.name)!.p50),
      target.name === 'direct' ? '—' : fmt(sse.get(target.name)!.p99),
    ]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const print = (row: string[]) =>
    process.stdout.write(`${row.map((cell, column) => cell.padStart(widths[column]!)).join('  ')}\n`);
  process.stdout.write('\nKeyport proxy benchmark (POST tools/call, 1 upstream; each server in its own process)\n\n');
  rows.forEach(print);
  const kp = throughput.get('keyport')!;
  const ng = throughput.get('nginx');
  const ngLat = latency.get('nginx');
  const kpLat = latency.get('keyport')!;
  process.stdout.write('\n');
  if (ng && ngLat) {
    process.stdout.write(`throughput keyport/nginx: ${(kp.rps / ng.rps).toFixed(2)}×\n`);
    process.stdout.write(
      `p99 @10 keyport/nginx:    ${(kp.p99 / Math.max(ng.p99, 0.001)).toFixed(2)}× (target ≤ 1.5×)\n`,
    );
    process.stdout.write(
      `added p50 @1: keyport ${fmt(kpLat.p50 - direct.p50)} µs, nginx ${fmt(ngLat.p50 - direct.p50)} µs\n`,
    );
  } else process.stdout.write('nginx not installed (apt-get install -y nginx-light): no nginx column\n');
  process.stdout.write(
    `keyport memory (RSS): idle ${fmt(idleRss / 2 ** 20, 1)} MiB, after 100k requests ${fmt(loadedRss / 2 ** 20, 1)} MiB\n`,
  );
  process.stdout.write(
    `keyport serve (the CLI) memory (RSS): idle ${fmt(serveRss.settledBytes / 2 ** 20, 1)} MiB settled, ` +
      `${fmt(serveRss.maxBytes / 2 ** 20, 1)} MiB at most while settling\n`,
  );
  process.stdout.write(
    `keyport serve under a pipelining flood: RSS +${fmt(serveRss.flood.growthMiB, 1)} MiB ` +
      `(it took ${fmt(serveRss.flood.tookMiB, 1)} MiB of 64), bare node:http +${fmt(serveRss.bareFlood.growthMiB, 1)} MiB\n`,
  );
  process.stdout.write(`bench took ${fmt((Date.now() - began) / 1000, 1)} s\n`);
  const bareLat = latency.get('bare-node');
  if (bareLat) {
    process.stdout.write(`added p50 @1: bare Node proxy ${fmt(bareLat.p50 - direct.p50)} µs (reference)\n`);
  }
  keyportChild.send('close');
  if (nginx) rmSync(nginx.dir, { recursive: true, force: true });
}

// The `keyport serve` memory step stores tokens in the private Secret Service the tests use.
ensurePrivateKeychain();
try {
  await main();
} finally {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}
