// The bench's minimal upstream (run as a child process): POST answers a small JSON-RPC result;
// POST /initialize answers as an MCP server's successful initialize (the start-up health check of
// the `keyport serve` memory bench, serve-memory.ts).
// GET /sse?count&gapMs&group&subscribers: once `subscribers` streams of the same `group` are open,
// it writes each event (`data: <seq>`) to all of them in the same tick, `gapMs` apart, alternating
// which is written first; the bench compares when each event arrives by each path.
import { createServer } from 'node:http';

const BODY = Buffer.from('{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"ok"}]}}');
const INITIALIZED = Buffer.from(
  '{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-06-18","capabilities":{"tools":{}},"serverInfo":{"name":"bench","version":"1"}}}',
);
/** Streams waiting for the rest of their group, by group id. */
const waiting = new Map();
let ungrouped = 0;

function broadcast(streams, count, gapMs) {
  let seq = 0;
  const stop = () => {
    clearInterval(timer);
    for (const res of streams) res.end();
  };
  const timer = setInterval(() => {
    seq += 1;
    const event = `data: ${seq}\n\n`;
    for (const res of seq % 2 === 0 ? streams : [...streams].reverse()) res.write(event);
    if (seq >= count) stop();
  }, gapMs);
  for (const res of streams) res.on('close', stop);
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url?.startsWith('/sse')) {
    const params = new URL(req.url, 'http://x').searchParams;
    const group = params.get('group') ?? `ungrouped-${(ungrouped += 1)}`;
    const subscribers = Number(params.get('subscribers') ?? '1');
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    const streams = [...(waiting.get(group) ?? []), res];
    waiting.set(group, streams);
    res.on('close', () => waiting.get(group) === streams && waiting.delete(group));
    if (streams.length === subscribers) {
      waiting.delete(group);
      broadcast(streams, Number(params.get('count') ?? '100'), Number(params.get('gapMs') ?? '5'));
    }
    return;
  }
  const body = req.url === '/initialize' ? INITIALIZED : BODY;
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
