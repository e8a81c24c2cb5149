import { describe, expect, it } from 'vitest';
import { clientResponseHeaders, upstreamRequestHeaders } from '../../../src/proxy/forward-headers.js';

describe('header hygiene', () => {
  it('Given client headers, then credentials, hop-by-hop and browser context are stripped and the token injected', () => {
    const out = upstreamRequestHeaders(
      {
        host: '127.0.0.1:8931',
        authorization: 'Bearer kpk_local',
        'proxy-authorization': 'Basic x',
        cookie: 'a=b',
        connection: 'keep-alive, x-hop',
        'x-hop': '1',
        'keep-alive': 'timeout=5',
        te: 'trailers',
        'transfer-encoding': 'chunked',
        upgrade: 'websocket',
        origin: 'http://localhost:8931',
        'content-length': '10',
        'mcp-session-id': 's1',
        'mcp-protocol-version': '2025-06-18',
        'last-event-id': '7',
        accept: 'application/json, text/event-stream',
        'content-type': 'application/json',
      },
      { authorization: 'Bearer sk_live_token' },
      { identityEncoding: false },
    );
    expect(out).toEqual({
      'mcp-session-id': 's1',
      'mcp-protocol-version': '2025-06-18',
      'last-event-id': '7',
      accept: 'application/json, text/event-stream',
      'content-type': 'application/json',
      authorization: 'Bearer sk_live_token',
    });
  });

  it('Given upstream headers, then WWW-Authenticate, cookies, CORS and hop-by-hop headers never reach the client', () => {
    const out = clientResponseHeaders(
      {
        'content-type': 'text/event-stream',
        'mcp-session-id': 's1',
        'www-authenticate': 'Bearer realm="x"',
        'set-cookie': ['a=b'],
        'access-control-allow-origin': '*',
        'access-control-allow-credentials': 'true',
        connection: 'keep-alive',
        'transfer-encoding': 'chunked',
        'content-length': '5',
        location: 'https://elsewhere/',
      },
      { keepLength: false },
    );
    expect(out).toEqual({
      'content-type': 'text/event-stream',
      'mcp-session-id': 's1',
      location: 'https://elsewhere/',
    });
  });
});
