import { describe, expect, it } from 'vitest';
import { createEndpointRewriter, proxiedEndpoint } from '../../../src/proxy/sse-endpoint-rewrite.js';

async function run(chunks: string[]): Promise<string> {
  const rewriter = createEndpointRewriter({ upstreamUrl: 'https://mcp.example.com/v1/sse', name: 'legacy' });
  const out: Buffer[] = [];
  rewriter.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = new Promise((resolve) => rewriter.on('end', resolve));
  for (const chunk of chunks) rewriter.write(Buffer.from(chunk));
  rewriter.end();
  await ended;
  return Buffer.concat(out).toString('utf8');
}

describe('legacy SSE endpoint rewrite', () => {
  it('Given an endpoint event split across chunks, then its URL points through the proxy and later bytes are unchanged', async () => {
    const text = await run([
      'event: endp',
      'oint\ndata: /v1/messages?sessionId=abc\n\n',
      'event: message\ndata: {"x":1}\n\n',
    ]);
    expect(text).toBe(
      'event: endpoint\ndata: /legacy/path/v1/messages?sessionId=abc\n\nevent: message\ndata: {"x":1}\n\n',
    );
  });

  it('Given a first event that is not an endpoint, then everything passes unchanged', async () => {
    const input = 'id: 1\ndata: {"jsonrpc":"2.0"}\n\nevent: endpoint\ndata: /elsewhere\n\n';
    expect(await run([input])).toBe(input);
  });

  it('Given an endpoint on another origin, then it is left alone (the token never goes there)', () => {
    const options = { upstreamUrl: 'https://mcp.example.com/sse', name: 'x' };
    expect(proxiedEndpoint('https://other.example/messages', options)).toBe('https://other.example/messages');
    expect(proxiedEndpoint('https://mcp.example.com/messages?s=1', options)).toBe('/x/path/messages?s=1');
    expect(proxiedEndpoint('messages?s=2', options)).toBe('/x/path/messages?s=2');
  });
});
