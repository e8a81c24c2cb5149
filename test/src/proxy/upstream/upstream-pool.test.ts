// The proxy's upstream client against real sockets on loopback: exact request bytes, every body
// framing, streaming piece by piece, keep-alive reuse and when a connection must not be reused,
// refusals of responses that could be read two ways, timeouts, aborts, back-pressure and close,
// and https: with a certificate made by openssl, trusted only where the test says so.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createUpstreamPool, type UpstreamPool } from '../../../../src/proxy/upstream/upstream-pool.js';
import type { UpstreamError } from '../../../../src/proxy/upstream/upstream-error.js';
import type { UpstreamHandler } from '../../../../src/proxy/upstream/upstream-connection.js';
import { commandAvailable } from '../../../support/command-prerequisite.js';
import { startScriptedUpstream, type ScriptedUpstream } from '../../../support/scripted-upstream.js';
import { startUnacceptingListener } from '../../../support/unaccepting-listener.js';

const hasOpenssl = commandAvailable(
  'openssl',
  ['version'],
  'The https upstream tests need openssl to make a certificate: apt-get install -y openssl',
);

const BUILT_POOL = path.resolve(import.meta.dirname, '../../../../dist/src/proxy/upstream/upstream-pool.js');

interface Outcome {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly pieces: readonly string[];
}

/** A handler that records every callback; `done` settles on the first onEnd or onError. */
function recorder(onPiece?: (piece: string, pieces: readonly string[]) => void) {
  const calls: string[] = [];
  const pieces: string[] = [];
  let status = 0;
  let headers: Readonly<Record<string, string>> = {};
  let settle!: { resolve: (outcome: Outcome) => void; reject: (error: UpstreamError) => void };
  const done = new Promise<Outcome>((resolve, reject) => (settle = { resolve, reject }));
  // Tests that abort or close read `calls`, not `done`: an unread failure is not an unhandled rejection.
  done.catch(() => undefined);
  const handler: UpstreamHandler = {
    onHead(code, fields) {
      calls.push('head');
      status = code;
      headers = fields;
    },
    onData(chunk) {
      calls.push('data');
      pieces.push(chunk.toString('latin1'));
      onPiece?.(chunk.toString('latin1'), pieces);
    },
    onEnd() {
      calls.push('end');
      settle.resolve({ status, headers, body: pieces.join(''), pieces });
    },
    onError(error) {
      calls.push(`error:${error.code}`);
      settle.reject(error);
    },
  };
  return { handler, done, calls };
}

const OPTIONS = { connectTimeoutMs: 2000, headersTimeoutMs: 2000, keepAliveMs: 30_000 };
const GET = { method: 'GET', path: '/mcp', headers: {}, body: undefined } as const;

async function failure(done: Promise<Outcome>): Promise<UpstreamError> {
  return done.then(
    (outcome) => {
      throw new Error(`expected a failure, got status ${outcome.status}`);
    },
    (error: UpstreamError) => error,
  );
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await tick(10);
  }
}

describe('createUpstreamPool', () => {
  let upstream: ScriptedUpstream | undefined;
  let pool: UpstreamPool | undefined;

  afterEach(async () => {
    pool?.close();
    await upstream?.close();
    pool = undefined;
    upstream = undefined;
  });

  function poolFor(server: ScriptedUpstream, options = OPTIONS): UpstreamPool {
    pool = createUpstreamPool(server.origin, options);
    return pool;
  }

  it('Given a POST, then the upstream receives exactly the request line, Host, the given headers, the length and the body', async () => {
    upstream = await startScriptedUpstream(({ socket }) =>
      socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}'),
    );
    const port = new URL(upstream.origin).port;
    const { handler, done } = recorder();
    poolFor(upstream).request(
      {
        method: 'POST',
        path: '/mcp?x=1',
        headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
        body: Buffer.from('{"a":1}'),
      },
      handler,
    );
    expect((await done).body).toBe('{}');
    expect(upstream.received[0]!.head).toBe(
      `POST /mcp?x=1 HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nauthorization: Bearer t\r\n` +
        'content-type: application/json\r\ncontent-length: 7\r\n\r\n',
    );
    expect(upstream.received[0]!.body).toBe('{"a":1}');
  });

  it('Given a GET without a body, then no Content-Length is sent; an empty POST sends content-length: 0', async () => {
    upstream = await startScriptedUpstream(({ socket }) => socket.write('HTTP/1.1 204 No Content\r\n\r\n'));
    const first = recorder();
    poolFor(upstream).request(GET, first.handler);
    await first.done;
    const second = recorder();
    pool!.request({ method: 'POST', path: '/', headers: {}, body: undefined }, second.handler);
    await second.done;
    expect(upstream.received[0]!.head).not.toContain('content-length');
    expect(upstream.received[1]!.head).toContain('\r\ncontent-length: 0\r\n');
  });

  it('Given a Content-Length body written in parts, then it arrives whole, ends once, and the connection is reused', async () => {
    upstream = await startScriptedUpstream(({ socket }) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-length: 11\r\nx-a: 1\r\n\r\nhello');
      setTimeout(() => socket.write(' world'), 20);
    });
    const pool = poolFor(upstream);
    for (let index = 0; index < 3; index += 1) {
      const { handler, done, calls } = recorder();
      pool.request(GET, handler);
      const outcome = await done;
      expect(outcome).toMatchObject({ status: 200, body: 'hello world', headers: { 'x-a': '1' } });
      expect(calls.filter((call) => call === 'end')).toHaveLength(1);
    }
    expect(upstream.connections()).toBe(1);
    expect(pool.size).toBe(1);
  });

  it('Given a chunked body, then each chunk reaches the handler before the upstream writes the next', async () => {
    let upstreamSocket: Socket | undefined;
    upstream = await startScriptedUpstream(({ socket }) => {
      upstreamSocket = socket;
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n');
      socket.write('f\r\ndata: event 1\n\n\r\n');
    });
    const { handler, done } = recorder((_piece, pieces) => {
      // The next event is written only once the previous one was delivered: nothing is buffered.
      if (pieces.length < 3) upstreamSocket!.write(`f\r\ndata: event ${pieces.length + 1}\n\n\r\n`);
      else upstreamSocket!.write('0\r\n\r\n');
    });
    poolFor(upstream).request(GET, handler);
    const outcome = await done;
    expect(outcome.pieces).toEqual(['data: event 1\n\n', 'data: event 2\n\n', 'data: event 3\n\n']);
    expect(pool!.size).toBe(1);
  });

  it('Given a body with neither length nor chunking, then it ends at the close and the connection is not reused', async () => {
    upstream = await startScriptedUpstream(({ socket }) => socket.end('HTTP/1.1 200 OK\r\n\r\nuntil the end'));
    const pool = poolFor(upstream);
    for (let index = 0; index < 2; index += 1) {
      const { handler, done } = recorder();
      pool.request(GET, handler);
      expect((await done).body).toBe('until the end');
    }
    expect(upstream.connections()).toBe(2);
    await until(() => pool.size === 0);
  });

  it('Given 100 Continue and 103 Early Hints first, then only the final response reaches the handler', async () => {
    upstream = await startScriptedUpstream(({ socket }) =>
      socket.write(
        'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\n' +
          'HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok',
      ),
    );
    const { handler, done, calls } = recorder();
    poolFor(upstream).request(GET, handler);
    const outcome = await done;
    expect(outcome).toMatchObject({ status: 200, body: 'ok' });
    expect(outcome.headers.link).toBeUndefined();
    expect(calls).toEqual(['head', 'data', 'end']);
  });

  it('Given a response to HEAD with a Content-Length, then no body is awaited and the connection is reused', async () => {
    upstream = await startScriptedUpstream(({ socket }) =>
      socket.write('HTTP/1.1 200 OK\r\ncontent-length: 50\r\n\r\n'),
    );
    const pool = poolFor(upstream);
    for (let index = 0; index < 2; index += 1) {
      const { handler, done } = recorder();
      pool.request({ ...GET, method: 'HEAD' }, handler);
      expect(await done).toMatchObject({ status: 200, body: '' });
    }
    expect(upstream.connections()).toBe(1);
  });

  it('Given Connection: close, then the next request opens a new connection', async () => {
    upstream = await startScriptedUpstream(({ socket }) =>
      socket.write('HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 2\r\n\r\nok'),
    );
    const pool = poolFor(upstream);
    for (let index = 0; index < 2; index += 1) {
      const { handler, done } = recorder();
      pool.request(GET, handler);
      await done;
    }
    expect(upstream.connections()).toBe(2);
    await until(() => pool.size === 0 && upstream!.openSockets() === 0);
  });

  it('Given Keep-Alive: timeout=1, then the connection is retired at once rather than raced against the upstream', async () => {
    upstream = await startScriptedUpstream(({ socket }) =>
      socket.write('HTTP/1.1 200 OK\r\nkeep-alive: timeout=1\r\ncontent-length: 2\r\n\r\nok'),
    );
    const pool = poolFor(upstream);
    const { handler, done } = recorder();
    pool.request(GET, handler);
    await done;
    expect(pool.size).toBe(0);
  });

  it('Given a keep-alive time, then an idle connection is closed after it and a new one serves the next request', async () => {
    upstream = await startScriptedUpstream(({ socket }) =>
      socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok'),
    );
    const pool = poolFor(upstream, { ...OPTIONS, keepAliveMs: 300 });
    const first = recorder();
    pool.request(GET, first.handler);
    await first.done;
    expect(pool.size).toBe(1);
    await until(() => pool.size === 0 && upstream!.openSockets() === 0, 3000);
    const second = recorder();
    pool.request(GET, second.handler);
    expect((await second.done).body).toBe('ok');
    expect(upstream.connections()).toBe(2);
  });

  it('Given an idle connection the upstream closes, then the pool forgets it and the next request succeeds', async () => {
    upstream = await startScriptedUpstream(({ socket }) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
      setTimeout(() => socket.end(), 20);
    });
    const pool = poolFor(upstream);
    const first = recorder();
    pool.request(GET, first.handler);
    await first.done;
    await until(() => pool.size === 0);
    const second = recorder();
    pool.request(GET, second.handler);
    expect((await second.done).body).toBe('ok');
  });

  it.each([
    ['bytes after the Content-Length body', 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nokEXTRA'],
    ['bytes after a 204', 'HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok'],
    ['bytes after the last chunk', 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\nEXTRA'],
  ])('Given %s, then the response is delivered but the connection is not reused', async (_case, bytes) => {
    upstream = await startScriptedUpstream(({ socket }) => socket.write(bytes));
    const pool = poolFor(upstream);
    const { handler, done } = recorder();
    pool.request(GET, handler);
    const outcome = await done;
    expect(outcome.body).not.toContain('EXTRA');
    expect(pool.size).toBe(0);
  });

  it.each([
    ['a malformed status line', 'HTTP/1.1 OK\r\n\r\n', 'Malformed status line'],
    [
      'Content-Length with Transfer-Encoding',
      'HTTP/1.1 200 OK\r\ncontent-length: 2\r\ntransfer-encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n',
      'Both Content-Length',
    ],
    [
      'a malformed chunk',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nok\r\n',
      'chunked body is malformed',
    ],
    ['101 Switching Protocols', 'HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\n\r\n', 'switched protocols'],
    ['a head over 64 KiB', `HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(70_000)}\r\n\r\n`, 'over 64 KiB'],
  ])(
    'Given %s, then UPSTREAM_BAD_RESPONSE, no head reaches the handler, and the connection is closed',
    async (_case, bytes, reason) => {
      upstream = await startScriptedUpstream(({ socket }) => socket.write(bytes));
      const pool = poolFor(upstream);
      const { handler, done, calls } = recorder();
      pool.request(GET, handler);
      const error = await failure(done);
      expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
      expect(error.message).toContain(reason);
      if (!reason.startsWith('chunked')) expect(calls).toEqual(['error:UPSTREAM_BAD_RESPONSE']);
      expect(pool.size).toBe(0);
      await until(() => upstream!.openSockets() === 0);
    },
  );

  it('Given an upstream that closes in the middle of a body, then UPSTREAM_CLOSED after the bytes that came', async () => {
    upstream = await startScriptedUpstream(({ socket }) =>
      socket.end('HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nhalf'),
    );
    const { handler, done, calls } = recorder();
    poolFor(upstream).request(GET, handler);
    expect((await failure(done)).code).toBe('UPSTREAM_CLOSED');
    expect(calls).toEqual(['head', 'data', 'error:UPSTREAM_CLOSED']);
  });

  it('Given a port nobody listens on, then the socket error code (ECONNREFUSED)', async () => {
    upstream = await startScriptedUpstream(() => undefined);
    const origin = upstream.origin;
    await upstream.close();
    upstream = undefined;
    pool = createUpstreamPool(origin, OPTIONS);
    const { handler, done } = recorder();
    pool.request(GET, handler);
    expect((await failure(done)).code).toBe('ECONNREFUSED');
    expect(pool.size).toBe(0);
  });

  it('Given a host whose handshake never completes, then UPSTREAM_CONNECT_TIMEOUT after the connect timeout', async () => {
    const silent = await startUnacceptingListener();
    try {
      pool = createUpstreamPool(silent.origin, { ...OPTIONS, connectTimeoutMs: 300 });
      const { handler, done } = recorder();
      const started = Date.now();
      pool.request(GET, handler);
      expect((await failure(done)).code).toBe('UPSTREAM_CONNECT_TIMEOUT');
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(pool.size).toBe(0);
    } finally {
      await silent.close();
    }
  });

  it('Given an upstream that never answers, then UPSTREAM_HEADERS_TIMEOUT after the headers timeout and the socket is closed', async () => {
    upstream = await startScriptedUpstream(() => undefined);
    const pool = poolFor(upstream, { ...OPTIONS, headersTimeoutMs: 200 });
    const { handler, done } = recorder();
    const started = Date.now();
    pool.request(GET, handler);
    expect((await failure(done)).code).toBe('UPSTREAM_HEADERS_TIMEOUT');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    await until(() => upstream!.openSockets() === 0);
  });

  it('Given a stream in flight, when it is aborted, then the upstream socket closes and the handler hears nothing more', async () => {
    upstream = await startScriptedUpstream(({ socket }) => {
      socket.write('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nok\r\n');
      const timer = setInterval(() => socket.write('2\r\nok\r\n'), 10);
      socket.on('close', () => clearInterval(timer));
    });
    const pool = poolFor(upstream);
    const { handler, calls } = recorder();
    const call = pool.request(GET, handler);
    await until(() => calls.includes('data'));
    call.abort();
    const seen = calls.length;
    await until(() => upstream!.openSockets() === 0, 1000);
    await tick(50);
    expect(calls).toHaveLength(seen);
    expect(pool.size).toBe(0);
    call.abort();
    call.resume();
  });

  it('Given a paused exchange, then no more data arrives until it is resumed, and then the body completes', async () => {
    const size = 8 * 1024 * 1024;
    upstream = await startScriptedUpstream(({ socket }) => {
      socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${size}\r\n\r\n`);
      socket.write(Buffer.alloc(size, 0x61));
    });
    const pool = poolFor(upstream);
    let received = 0;
    const { handler, done } = recorder();
    const counting: UpstreamHandler = {
      ...handler,
      onData(chunk) {
        received += chunk.length;
        // First data arrives after request() returned, so `call` is set by then.
        if (received === chunk.length) call.pause();
      },
    };
    const call = pool.request(GET, counting);
    await until(() => received > 0);
    const whilePaused = received;
    await tick(200);
    expect(received).toBe(whilePaused);
    expect(whilePaused).toBeLessThan(size);
    call.resume();
    await done;
    expect(received).toBe(size);
  });

  it.each([
    [{ ...GET, headers: { authorization: 'Bearer abc\r\nx-injected: 1' } }, 'authorization'],
    [{ ...GET, headers: { 'x-a': 'nul\x00' } }, 'x-a'],
    [{ ...GET, headers: { 'x-b': 'more than a byte: \u0101' } }, 'x-b'],
    [{ ...GET, path: '/mcp HTTP/1.1\r\nx: y' }, 'path'],
    [{ ...GET, path: 'mcp' }, 'path'],
  ])(
    'Given a request that cannot be sent as it is (%#), then UPSTREAM_INVALID_REQUEST and no connection is made',
    async (request, named) => {
      upstream = await startScriptedUpstream(() => undefined);
      const pool = poolFor(upstream);
      const { handler, done } = recorder();
      pool.request(request, handler);
      const error = await failure(done);
      expect(error.code).toBe('UPSTREAM_INVALID_REQUEST');
      expect(error.message).toContain(named);
      expect(error.message).not.toContain('abc');
      await tick(50);
      expect(upstream.connections()).toBe(0);
      expect(pool.size).toBe(0);
    },
  );

  it('Given exchanges in flight, when the pool closes, then every socket closes and each exchange fails once', async () => {
    upstream = await startScriptedUpstream(({ socket, body }) => {
      if (body === 'answer') socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
    });
    const pool = poolFor(upstream);
    const answered = recorder();
    pool.request({ method: 'POST', path: '/', headers: {}, body: Buffer.from('answer') }, answered.handler);
    await answered.done;
    const hanging = recorder();
    pool.request({ method: 'POST', path: '/', headers: {}, body: Buffer.from('hang') }, hanging.handler);
    const another = recorder();
    pool.request({ method: 'POST', path: '/', headers: {}, body: Buffer.from('hang') }, another.handler);
    await until(() => upstream!.received.length === 3);
    expect(pool.size).toBe(2);
    pool.close();
    expect(pool.size).toBe(0);
    expect((await failure(hanging.done)).code).toBe('UPSTREAM_CLOSED');
    expect((await failure(another.done)).code).toBe('UPSTREAM_CLOSED');
    await until(() => upstream!.openSockets() === 0);
    expect(hanging.calls).toEqual(['error:UPSTREAM_CLOSED']);
  });
});

describe.skipIf(!hasOpenssl)('createUpstreamPool over https', () => {
  let directory: string;
  let tls: { key: string; cert: string; certFile: string };

  beforeAll(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'keyport-tls-'));
    const keyFile = path.join(directory, 'key.pem');
    const certFile = path.join(directory, 'cert.pem');
    // A certificate for the name "localhost" only, so 127.0.0.1 must fail the name check.
    const made = spawnSync('openssl', [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2'],
      ...['-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost', '-keyout', keyFile, '-out', certFile],
    ]);
    if (made.status !== 0) throw new Error(`openssl could not make a certificate: ${made.stderr.toString()}`);
    tls = { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
  });

  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('Given a certificate nobody trusts, then the TLS error code and the upstream reads no byte of the request', async () => {
    const upstream = await startScriptedUpstream(
      ({ socket }) => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok'),
      tls,
    );
    const pool = createUpstreamPool(`https://localhost:${upstream.port}`, OPTIONS);
    try {
      const { handler, done } = recorder();
      pool.request({ ...GET, headers: { authorization: 'Bearer never-sent' } }, handler);
      expect((await failure(done)).code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
      expect(upstream.bytes()).toBe(0);
      expect(pool.size).toBe(0);
    } finally {
      pool.close();
      await upstream.close();
    }
  });

  it('Given a trusted certificate (NODE_EXTRA_CA_CERTS), then requests succeed with SNI and ALPN http/1.1 on one connection, and a name the certificate lacks is refused', async () => {
    const seen: { servername: TLSSocket['servername']; alpn: TLSSocket['alpnProtocol'] }[] = [];
    const upstream = await startScriptedUpstream(({ socket }) => {
      const secure = socket as TLSSocket;
      seen.push({ servername: secure.servername, alpn: secure.alpnProtocol });
      socket.write('HTTP/1.1 200 OK\r\ncontent-length: 6\r\n\r\nsecure');
    }, tls);
    // Node reads NODE_EXTRA_CA_CERTS at start-up only, so the trusting side is a child process.
    const script = `
      import { createUpstreamPool } from ${JSON.stringify(pathToFileURL(BUILT_POOL).href)};
      const options = { connectTimeoutMs: 2000, headersTimeoutMs: 2000, keepAliveMs: 30000 };
      const get = (pool) => new Promise((resolve) => {
        let body = '';
        pool.request({ method: 'GET', path: '/mcp', headers: {}, body: undefined }, {
          onHead() {}, onData(chunk) { body += chunk; }, onEnd() { resolve(body); },
          onError(error) { resolve('error:' + error.code); },
        });
      });
      const byName = createUpstreamPool('https://localhost:${upstream.port}', options);
      const byIp = createUpstreamPool('https://127.0.0.1:${upstream.port}', options);
      const results = [await get(byName), await get(byName), await get(byIp)];
      byName.close();
      byIp.close();
      console.log(JSON.stringify(results));
    `;
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: tls.certFile },
      });
      expect(JSON.parse(stdout)).toEqual(['secure', 'secure', 'error:ERR_TLS_CERT_ALTNAME_INVALID']);
      // Both requests on one secure connection; the one to 127.0.0.1 never finished its handshake.
      expect(upstream.connections()).toBe(1);
      expect(seen).toEqual([
        { servername: 'localhost', alpn: 'http/1.1' },
        { servername: 'localhost', alpn: 'http/1.1' },
      ]);
    } finally {
      await upstream.close();
    }
  });
});
