import { describe, expect, it } from 'vitest';
import { endpointRewritingSink, proxiedEndpoint } from '../../../src/proxy/sse-endpoint-rewrite.js';

function run(chunks: string[], last?: string): string {
  const out: Buffer[] = [];
  let ended = false;
  const sink = endpointRewritingSink(
    {
      write: (chunk) => out.push(chunk) > 0,
      end: (chunk) => {
        if (chunk !== undefined) out.push(chunk);
        ended = true;
      },
      onceDrain: () => undefined,
      destroy: () => undefined,
    },
    { upstreamUrl: 'https://mcp.example.com/v1/sse', name: 'legacy' },
  );
  for (const chunk of chunks) sink.write(Buffer.from(chunk));
  sink.end(last === undefined ? undefined : Buffer.from(last));
  expect(ended).toBe(true);
  return Buffer.concat(out).toString('utf8');
}

describe('legacy SSE endpoint rewrite', () => {
  it('Given an endpoint event split across chunks, then its URL points through the proxy and later bytes are unchanged', () => {
    const text = run([
      'event: endp',
      'oint\ndata: /v1/messages?sessionId=abc\n\n',
      'event: message\ndata: {"x":1}\n\n',
    ]);
    expect(text).toBe(
      'event: endpoint\ndata: /legacy/path/v1/messages?sessionId=abc\n\nevent: message\ndata: {"x":1}\n\n',
    );
  });

  it('Given a first event that is not an endpoint, then everything passes unchanged', () => {
    const input = 'id: 1\ndata: {"jsonrpc":"2.0"}\n\nevent: endpoint\ndata: /elsewhere\n\n';
    expect(run([input])).toBe(input);
  });

  it('Given a stream that ends inside its first event or with a last chunk, then no byte is lost', () => {
    expect(run(['event: endpoint\nda'])).toBe('event: endpoint\nda');
    expect(run(['event: endpoint\n'], 'data: /v1/m\n\ntail')).toBe('event: endpoint\ndata: /legacy/path/v1/m\n\ntail');
    expect(run(['data: 1\n\n'], 'data: 2\n\n')).toBe('data: 1\n\ndata: 2\n\n');
  });

  it('Given an endpoint on another origin, then it is left alone (the token never goes there)', () => {
    const options = { upstreamUrl: 'https://mcp.example.com/sse', name: 'x' };
    expect(proxiedEndpoint('https://other.example/messages', options)).toBe('https://other.example/messages');
    expect(proxiedEndpoint('https://mcp.example.com/messages?s=1', options)).toBe('/x/path/messages?s=1');
    expect(proxiedEndpoint('messages?s=2', options)).toBe('/x/path/messages?s=2');
  });
});
