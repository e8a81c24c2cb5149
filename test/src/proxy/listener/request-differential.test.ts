// Differential: for generated heads, whatever Keyport's listener hands to its handler (node:http
// strict + request-checks.ts), node:http reads the same way with its strict parser and with its
// lenient one (insecureHTTPParser): same method, target and field values. A head that a strict
// and a lax parser read two ways is what request smuggling needs; Keyport accepts none.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProxyListener, type ProxyListener } from '../../../../src/proxy/listener/http-listener.js';

const CRLF = '\r\n';

interface View {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
}

/** A small deterministic PRNG (mulberry32) so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE_FIELDS = [
  'Host: 127.0.0.1:8931',
  'Content-Type: application/json',
  'Content-Length: 0',
  'Authorization: Bearer kp_local_0123456789abcdef',
  'Accept: application/json, text/event-stream',
  'Mcp-Session-Id: 7a1c',
  'MCP-Protocol-Version: 2025-06-18',
];
const FRAMING_FIELDS = [
  'Transfer-Encoding: chunked',
  'Transfer-Encoding: gzip, chunked',
  'Transfer-Encoding : chunked',
  'Content-Length: 0',
  'Content-Length: 00',
  'Content-Length: 1',
  'Content-Length:0',
  'Content-Length: 0 0',
  'Connection: close',
  'Expect: 100-continue',
  'Host: 127.0.0.1:8931',
  'Accept: */*',
  'constructor: x',
];
const ODD_BYTES = [
  '\0',
  '\x01',
  '\x7f',
  '\x80',
  '\xff',
  '\x0b',
  '\x0c',
  '\t',
  ' ',
  '"',
  '#',
  ':',
  ';',
  ',',
  '\r',
  '\n',
];
const NEWLINES = ['\n', '\r', '\r\r\n', '\n\r', '\r\n\r\n', ' \r\n', '\r\n ', '\r\n\t'];

function mutate(next: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const lines = ['POST /demo/mcp?x=1 HTTP/1.1', ...BASE_FIELDS];
  const count = 1 + Math.floor(next() * 3);
  for (let step = 0; step < count; step += 1) {
    const kind = Math.floor(next() * 7);
    const at = 1 + Math.floor(next() * (lines.length - 1));
    if (kind === 0) lines.splice(at, 0, lines[at]!);
    else if (kind === 1) lines.splice(at, 0, pick(FRAMING_FIELDS));
    else if (kind === 2) {
      const line = lines[at]!;
      const colon = line.indexOf(':');
      lines[at] = `${line.slice(0, colon + 1)}${pick(NEWLINES)}${line.slice(colon + 1)}`;
    } else {
      const text = lines.join('\u0001LINE\u0001');
      const position = Math.floor(next() * text.length);
      const edited =
        kind === 3
          ? text.slice(0, position) + pick(ODD_BYTES) + text.slice(position)
          : kind === 4
            ? text.slice(0, position) + text.slice(position + 1)
            : kind === 5
              ? text.slice(0, position) + text.charAt(position).toLowerCase() + text.slice(position + 1)
              : text.slice(0, position) + pick(NEWLINES) + text.slice(position);
      lines.splice(0, lines.length, ...edited.split('\u0001LINE\u0001'));
    }
  }
  return lines.join(CRLF) + CRLF + CRLF;
}

function viewOf(req: IncomingMessage): View {
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let index = 0; index < req.rawHeaders.length; index += 2) {
    const name = req.rawHeaders[index]!.toLowerCase();
    const value = req.rawHeaders[index + 1]!;
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return { method: req.method ?? '', url: req.url ?? '', headers };
}

/** A server side that records what its handler saw for the next head sent to it. */
interface Recorder {
  port: number;
  next?: View;
}

/** Sends one head; resolves with what the recorder's handler saw, if anything. */
function send(recorder: Recorder, bytes: Buffer): Promise<View | undefined> {
  recorder.next = undefined;
  return new Promise((resolve) => {
    const socket = connect(recorder.port, '127.0.0.1', () => socket.end(bytes));
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(recorder.next));
  });
}

describe("Keyport's listener against node:http's lenient parser (differential)", () => {
  let keyport: ProxyListener;
  let lenient: Server;
  let strict: Server;
  const ours: Recorder = { port: 0 };
  const lax: Recorder = { port: 0 };
  const plain: Recorder = { port: 0 };

  beforeAll(async () => {
    keyport = createProxyListener((req, res) => {
      ours.next = viewOf(req);
      res.setHeader('connection', 'close');
      res.end();
    });
    const recording = (recorder: Recorder, insecureHTTPParser: boolean) => {
      const server = createServer({ insecureHTTPParser }, (req, res) => {
        recorder.next = viewOf(req);
        res.shouldKeepAlive = false;
        res.end();
      });
      server.on('clientError', (_error, socket) => socket.destroy());
      return server;
    };
    lenient = recording(lax, true);
    strict = recording(plain, false);
    for (const [server, recorder] of [
      [keyport.server, ours],
      [lenient, lax],
      [strict, plain],
    ] as const) {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      recorder.port = (server.address() as AddressInfo).port;
    }
  });

  afterAll(async () => {
    keyport.closeAllConnections();
    for (const server of [keyport.server, lenient, strict]) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('Given 400 mutated POST heads, when Keyport hands one to its handler, then the strict and the lenient parser read it the same way', async () => {
    const next = random(0x6b6579);
    let accepted = 0;
    let refused = 0;
    const disagreements: string[] = [];
    for (let index = 0; index < 400; index += 1) {
      const bytes = Buffer.from(mutate(next), 'latin1');
      const mine = await send(ours, bytes);
      if (mine === undefined) {
        refused += 1;
        continue;
      }
      accepted += 1;
      for (const [label, recorder] of [
        ['lenient', lax],
        ['strict', plain],
      ] as const) {
        const theirs = await send(recorder, bytes);
        if (JSON.stringify(theirs) !== JSON.stringify(mine)) {
          disagreements.push(
            `${JSON.stringify(bytes.toString('latin1'))}\n  ours: ${JSON.stringify(mine)}\n  ${label}: ${JSON.stringify(theirs)}`,
          );
        }
      }
    }
    expect(disagreements).toEqual([]);
    // Both sides of the comparison were exercised.
    expect(accepted).toBeGreaterThan(60);
    expect(refused).toBeGreaterThan(100);
  });

  it('Given the unmutated head, when both read it, then they agree (the harness itself works)', async () => {
    const bytes = Buffer.from(['POST /demo/mcp?x=1 HTTP/1.1', ...BASE_FIELDS].join(CRLF) + CRLF + CRLF, 'latin1');
    const mine = await send(ours, bytes);
    expect(mine?.headers['mcp-session-id']).toBe('7a1c');
    expect(await send(lax, bytes)).toEqual(mine);
    expect(await send(plain, bytes)).toEqual(mine);
  });
});
