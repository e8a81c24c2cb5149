// Differential: for generated heads, whatever our strict parser accepts node:http (strict, its
// default) accepts too, with the same method, url and field values. Stricter is fine; looser never.
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headEnd, parseRequestHead } from '../../../../src/proxy/http1/request-head.js';

const CRLF = '\r\n';

interface NodeView {
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
  'Content-Length: 42',
  'Authorization: Bearer kp_local_0123456789abcdef',
  'Accept: application/json, text/event-stream',
  'Mcp-Session-Id: 7a1c',
  'MCP-Protocol-Version: 2025-06-18',
];
const FRAMING_FIELDS = [
  'Transfer-Encoding: chunked',
  'Transfer-Encoding: gzip, chunked',
  'Transfer-Encoding : chunked',
  'Content-Length: 42',
  'Content-Length: 042',
  'Content-Length: 43',
  'Content-Length:42',
  'Content-Length: 4 2',
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

/** Sends one head to a node:http server and reports what its request handler saw, if anything. */
function nodeParse(server: Server, port: number, bytes: Buffer): Promise<NodeView | undefined> {
  return new Promise((resolve) => {
    let seen: NodeView | undefined;
    const onRequest = (req: { method?: string; url?: string; rawHeaders: string[] }) => {
      const headers: Record<string, string> = Object.create(null) as Record<string, string>;
      for (let index = 0; index < req.rawHeaders.length; index += 2) {
        const name = req.rawHeaders[index]!.toLowerCase();
        const value = req.rawHeaders[index + 1]!;
        headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
      }
      seen = { method: req.method ?? '', url: req.url ?? '', headers };
    };
    server.once('request', onRequest);
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      server.off('request', onRequest);
      resolve(seen);
    });
  });
}

describe('parseRequestHead against node:http (differential)', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.shouldKeepAlive = false;
      res.end();
      res.socket?.destroy();
    });
    server.on('clientError', (_error, socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('Given 400 mutated POST heads, when ours accepts one, then node:http accepts it with the same method, url and values', async () => {
    const next = random(0x6b6579);
    let ours = 0;
    let refusedByUs = 0;
    const disagreements: string[] = [];
    for (let index = 0; index < 400; index += 1) {
      const buffer = Buffer.from(mutate(next), 'latin1');
      const end = headEnd(buffer);
      if (typeof end !== 'number' || end === -1) {
        refusedByUs += 1;
        continue;
      }
      const text = buffer.toString('latin1', 0, end);
      const parsed = parseRequestHead(text);
      if ('status' in parsed) {
        refusedByUs += 1;
        continue;
      }
      ours += 1;
      const node = await nodeParse(server, port, buffer.subarray(0, end));
      const mine = { method: parsed.method, url: parsed.url, headers: { ...parsed.headers } };
      if (JSON.stringify(node) !== JSON.stringify(mine)) {
        disagreements.push(`${JSON.stringify(text)}\n  ours: ${JSON.stringify(mine)}\n  node: ${JSON.stringify(node)}`);
      }
    }
    expect(disagreements).toEqual([]);
    // Both sides of the comparison were exercised.
    expect(ours).toBeGreaterThan(60);
    expect(refusedByUs).toBeGreaterThan(100);
  });

  it('Given the unmutated head, when both parse it, then they agree (the harness itself works)', async () => {
    const text = ['POST /demo/mcp?x=1 HTTP/1.1', ...BASE_FIELDS].join(CRLF) + CRLF + CRLF;
    const parsed = parseRequestHead(text);
    if ('status' in parsed) throw new Error(parsed.reason);
    const node = await nodeParse(server, port, Buffer.from(text, 'latin1'));
    expect(node?.headers['content-length']).toBe('42');
    expect({ method: node?.method, url: node?.url, headers: node?.headers }).toEqual({
      method: 'POST',
      url: '/demo/mcp?x=1',
      headers: { ...parsed.headers },
    });
  });
});
