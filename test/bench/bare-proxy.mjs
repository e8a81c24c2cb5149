// The reference "bare Node proxy": node:http in, an undici Pool out, the header injected, and
// nothing else (no checks, no metering). What the figures call a bare Node proxy.
import { createServer } from 'node:http';
import { Pool } from 'undici';
import { answerStats } from './child-stats.mjs';

const target = new URL(process.argv[2] ?? '');
const pool = new Pool(target.origin, { connections: 128 });
const authorization = `Bearer ${process.env.BENCH_TOKEN ?? ''}`;
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    pool.dispatch(
      {
        path: target.pathname + (req.url?.includes('?') ? req.url.slice(req.url.indexOf('?')) : ''),
        method: req.method,
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json', authorization },
        body: Buffer.concat(chunks),
      },
      {
        onRequestStart() {},
        onResponseStart(_controller, status, headers) {
          const out = { 'content-type': headers['content-type'] };
          if (headers['content-length']) out['content-length'] = headers['content-length'];
          res.writeHead(status, out);
        },
        onResponseData(_controller, chunk) {
          res.write(chunk);
        },
        onResponseEnd() {
          res.end();
        },
        onResponseError() {
          res.destroy();
        },
      },
    );
  });
});
server.listen(0, '127.0.0.1', () => {
  answerStats();
  process.stdout.write(`${JSON.stringify({ port: server.address().port, key: '' })}\n`);
});
