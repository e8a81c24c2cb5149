// The soak's upstream (a child process, so its work is not counted against keyport serve):
// POST answers a small JSON-RPC result (an `initialize` gets a successful initialize result, so
// keyport serve's start-up health check passes as against a real MCP server); GET holds an SSE
// stream open, one event per second.
// Prints { port } when listening.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const RESULT = Buffer.from('{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"ok"}]}}');
const INITIALIZED = Buffer.from(
  '{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-06-18","capabilities":{"tools":{}},"serverInfo":{"name":"soak","version":"1"}}}',
);

const server = createServer((req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let sequence = 0;
    const timer = setInterval(() => res.write(`id: ${(sequence += 1)}\ndata: {"tick":${sequence}}\n\n`), 1000);
    res.on('close', () => clearInterval(timer));
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const answer = Buffer.concat(chunks).includes('"method":"initialize"') ? INITIALIZED : RESULT;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': answer.length });
    res.end(answer);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
