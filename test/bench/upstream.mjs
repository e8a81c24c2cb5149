// The bench's minimal upstream (run as a child process): POST answers a small JSON-RPC result;
// GET /sse streams `count` events, each carrying its send time (µs, wall clock), `gapMs` apart.
import { createServer } from 'node:http';

const BODY = Buffer.from('{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"ok"}]}}');
const nowMicros = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url?.startsWith('/sse')) {
    const params = new URL(req.url, 'http://x').searchParams;
    const count = Number(params.get('count') ?? '100');
    const gapMs = Number(params.get('gapMs') ?? '5');
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let sent = 0;
    const timer = setInterval(() => {
      res.write(`data: ${nowMicros()}\n\n`);
      sent += 1;
      if (sent >= count) {
        clearInterval(timer);
        res.end();
      }
    }, gapMs);
    res.on('close', () => clearInterval(timer));
    return;
  }
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': BODY.length });
    res.end(BODY);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
