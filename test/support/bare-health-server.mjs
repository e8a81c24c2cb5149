// A bare node:http server that answers /health as Keyport does, nothing else: the reference for
// how much a flood of pipelined requests grows the memory of the runtime itself (V8's young
// generation grows under any sustained allocation; its size differs between Node versions).
import { createServer } from 'node:http';

const BODY = '{"status":"ok"}';
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': BODY.length });
  res.end(BODY);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
