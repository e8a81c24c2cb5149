/**
 * `npm run bench`: ONE results table from one run. Runs the proxy benchmark (test/bench/run.ts:
 * direct vs nginx vs Keyport, its own processes) and the bridge benchmark (test/bench/bridge.ts:
 * `keyport bridge` vs mcp-remote), then prints every figure as a ratio against the reference
 * measured in the same run, with each target marked met or missed. Runs inside a private
 * keychain (the bridge bench stores its token there). ~3 minutes.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensurePrivateKeychain } from '../robustness/support/private-keychain.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

ensurePrivateKeychain();

type Row = Record<string, string>;

/** The proxy bench's table, keyed by target then column header (columns split on 2+ spaces). */
export function parseProxyTable(text: string): Map<string, Row> {
  const lines = text.split('\n');
  const headerAt = lines.findIndex((line) => /^\s*target\s{2,}/.test(line));
  if (headerAt === -1) throw new Error('the proxy bench printed no table');
  const headers = lines[headerAt]!.trim().split(/\s{2,}/);
  const rows = new Map<string, Row>();
  for (const line of lines.slice(headerAt + 1)) {
    if (line.trim() === '') break;
    const cells = line.trim().split(/\s{2,}/);
    rows.set(cells[0]!, Object.fromEntries(headers.map((header, index) => [header, cells[index] ?? ''])));
  }
  return rows;
}

function runProxyBench(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'run.ts')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      process.stderr.write(chunk);
    });
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`test/bench/run.ts exited with ${code}`)),
    );
  });
}

const num = (row: Row | undefined, column: string): number => {
  const value = Number(row?.[column]);
  return Number.isFinite(value) ? value : NaN;
};
const fmt = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

interface Line {
  readonly metric: string;
  readonly keyport: string;
  readonly reference: string;
  readonly ratio: string;
  readonly target: string;
  readonly met: boolean | undefined;
}

async function main(): Promise<void> {
  const began = Date.now();
  process.stderr.write('bench: proxy (direct / nginx / Keyport)…\n');
  const proxyText = await runProxyBench();
  const table = parseProxyTable(proxyText);
  const memory = /idle ([\d.]+) MiB, after 100k requests ([\d.]+) MiB/.exec(proxyText);
  const serveMemory = /keyport serve \(the CLI\) memory \(RSS\): idle ([\d.]+) MiB settled, ([\d.]+) MiB at most/.exec(
    proxyText,
  );
  const flood =
    /under a pipelining flood: RSS \+([\d.]+) MiB \(it took ([\d.]+) MiB of 64\), bare node:http \+([\d.]+) MiB/.exec(
      proxyText,
    );
  process.stderr.write('bench: bridge vs mcp-remote…\n');
  const { runBridgeBench } = await import('./bridge.js');
  const bridge = await runBridgeBench();

  const direct = table.get('direct');
  const nginx = table.get('nginx');
  const keyport = table.get('keyport');
  const added = (row: Row | undefined, p: 'p50' | 'p99') => num(row, `seq ${p} µs`) - num(direct, `seq ${p} µs`);
  const lines: Line[] = [];
  const ratioLine = (
    metric: string,
    k: number,
    r: number,
    unit: string,
    digits: number,
    target: string,
    /** The verdict from the ratio; rows without a target have none. */
    ok?: (x: number) => boolean,
  ) => {
    const ratio = k / r;
    lines.push({
      metric,
      keyport: `${fmt(k, digits)} ${unit}`,
      reference: `${fmt(r, digits)} ${unit}`,
      ratio: `${fmt(ratio, 2)}×`,
      target,
      met: ok !== undefined && Number.isFinite(ratio) ? ok(ratio) : undefined,
    });
  };
  const bare = table.get('bare-node');
  ratioLine(
    'throughput @10 conns (vs a bare Node proxy)',
    num(keyport, 'req/s @10'),
    num(bare, 'req/s @10'),
    'req/s',
    0,
    '≥ 1×',
    (x) => x >= 1,
  );
  ratioLine('throughput @10 conns (vs nginx)', num(keyport, 'req/s @10'), num(nginx, 'req/s @10'), 'req/s', 0, '—');
  ratioLine(
    'p99 @10 conns (vs nginx)',
    num(keyport, 'p99 ms @10'),
    num(nginx, 'p99 ms @10'),
    'ms',
    2,
    '≤ 1.5×',
    (x) => x <= 1.5,
  );
  // Both proxies run node:http and undici; Keyport adds its checks, metering and audit log.
  ratioLine(
    'latency added @1, p50 (vs a bare Node proxy)',
    added(keyport, 'p50'),
    added(bare, 'p50'),
    'µs',
    0,
    '≤ 1×',
    (x) => x <= 1,
  );
  ratioLine(
    'latency added @1, p99 (vs a bare Node proxy)',
    added(keyport, 'p99'),
    added(bare, 'p99'),
    'µs',
    0,
    '≤ 1.5×',
    (x) => x <= 1.5,
  );
  ratioLine(
    'proxy CPU per request (vs a bare Node proxy)',
    num(keyport, 'CPU µs/req'),
    num(bare, 'CPU µs/req'),
    'µs',
    0,
    '—',
  );
  ratioLine('latency added @1, p50 (vs nginx added)', added(keyport, 'p50'), added(nginx, 'p50'), 'µs', 0, '—');
  ratioLine('latency added @1, p99 (vs nginx added)', added(keyport, 'p99'), added(nginx, 'p99'), 'µs', 0, '—');
  for (const [pct, limitMicros] of [
    ['p50', undefined],
    ['p99', 1000],
  ] as const) {
    const column = `SSE added ${pct} µs`;
    const value = num(keyport, column);
    lines.push({
      metric: `SSE per-event added delay, ${pct} (vs nginx)`,
      keyport: `${fmt(value)} µs`,
      reference: `${fmt(num(nginx, column))} µs`,
      ratio: `${fmt(value / num(nginx, column), 2)}×`,
      target: limitMicros === undefined ? '—' : `≤ ${limitMicros / 1000} ms`,
      met: limitMicros === undefined || !Number.isFinite(value) ? undefined : value <= limitMicros,
    });
  }
  const ready = bridge.bridge.readyMs.median;
  lines.push({
    metric: 'bridge spawn → initialized, median (vs mcp-remote)',
    keyport: `${fmt(ready, 1)} ms`,
    reference: `${fmt(bridge.mcpRemote.readyMs.median, 1)} ms`,
    ratio: `${fmt(bridge.ratios.ready, 2)}×`,
    target: '≤ 150 ms',
    met: ready <= 150,
  });
  lines.push({
    metric: 'bridge per-call round trip, median (vs mcp-remote)',
    keyport: `${fmt(bridge.bridge.callMs.median, 2)} ms`,
    reference: `${fmt(bridge.mcpRemote.callMs.median, 2)} ms`,
    ratio: `${fmt(bridge.ratios.call, 2)}×`,
    target: '≤ 0.5×',
    met: bridge.ratios.call <= 0.5,
  });
  ratioLine(
    'bridge: time added per call over a direct HTTP call (vs mcp-remote)',
    bridge.addedMs.bridge,
    bridge.addedMs.mcpRemote,
    'ms',
    2,
    `— (direct: ${fmt(bridge.direct.callMs.median, 2)} ms)`,
  );
  const idle = Number(memory?.[1]);
  const loaded = Number(memory?.[2]);
  lines.push({
    metric: 'bench proxy child RSS idle / after 100k requests (forced GC)',
    keyport: `${fmt(idle, 1)} / ${fmt(loaded, 1)} MiB`,
    reference: '—',
    ratio: `${fmt(loaded / idle, 2)}×`,
    target: '— (not the CLI)',
    met: undefined,
  });
  const serveIdle = Number(serveMemory?.[1]);
  const serveMax = Number(serveMemory?.[2]);
  lines.push({
    metric: 'keyport serve (the CLI) RSS idle, settled (max while settling)',
    keyport: `${fmt(serveIdle, 1)} (${fmt(serveMax, 1)}) MiB`,
    reference: '—',
    ratio: '—',
    target: 'idle ≤ 60 MB',
    met: Number.isFinite(serveIdle) ? serveIdle * 2 ** 20 <= 60e6 : undefined,
  });
  const floodGrowth = Number(flood?.[1]);
  lines.push({
    metric: `keyport serve RSS growth, 64 MiB of unread pipelined requests (took ${fmt(Number(flood?.[2]), 1)} MiB) vs bare node:http`,
    keyport: `+${fmt(floodGrowth, 1)} MiB`,
    reference: `+${fmt(Number(flood?.[3]), 1)} MiB`,
    ratio: `${fmt(floodGrowth / Number(flood?.[3]), 2)}×`,
    target: '≤ 64 MiB',
    met: Number.isFinite(floodGrowth) ? floodGrowth <= 64 : undefined,
  });

  const header = ['metric', 'Keyport', 'reference', 'ratio', 'target', 'result'];
  const rows = lines.map((line) => [
    line.metric,
    line.keyport,
    line.reference,
    line.ratio,
    line.target,
    line.met === undefined ? '—' : line.met ? 'met' : 'MISSED',
  ]);
  const widths = header.map((_, column) => Math.max(header[column]!.length, ...rows.map((row) => row[column]!.length)));
  const print = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |\n`;
  process.stdout.write(
    `\nKeyport benchmarks — one run, ${new Date().toISOString().slice(0, 16)}Z, node ${process.version}, ` +
      `${bridge.cpus} CPUs (reference = nginx for the proxy, mcp-remote for the bridge)\n\n` +
      print(header) +
      `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|\n` +
      rows.map(print).join('') +
      `\nbench took ${fmt((Date.now() - began) / 1000, 0)} s\n`,
  );
}

await main();
