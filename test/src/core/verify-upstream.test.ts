import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyUpstream } from '../../../src/core/verify-upstream.js';
import { KeyportError } from '../../../src/errors.js';
import { canaryToken } from '../../support/keychain-guard.js';
import { startStatefulUpstream, type BearerUpstream } from '../../support/upstreams/bearer-upstreams.js';
import { directNetwork } from '../../support/direct-network.js';
import { bearer } from '../../support/bearer-credential.js';

const network = directNetwork();
const token = canaryToken('beef');
let upstream: BearerUpstream;
let silent: Server;
let silentUrl: string;

beforeAll(async () => {
  upstream = await startStatefulUpstream(token);
  // Accepts connections and never answers: for the timeout.
  silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/mcp`;
});
afterAll(async () => {
  await upstream.close();
  silent.closeAllConnections();
  await new Promise((resolve) => silent.close(resolve));
});

async function failure(promise: Promise<unknown>): Promise<KeyportError> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(KeyportError);
  expect(String((error as Error).message)).not.toContain(token);
  return error as KeyportError;
}

describe('verifyUpstream against a real MCP server that requires a bearer token', () => {
  it('Given the right token, when verified, then the server name, version and tool count come back', async () => {
    const result = await verifyUpstream({ url: upstream.url, credential: bearer(token), network });
    expect(result).toEqual({ serverName: 'stateful-upstream', serverVersion: '1.0.0', toolCount: 2 });
    expect(upstream.seen.some((request) => request.headers.authorization === `Bearer ${token}`)).toBe(true);
  });

  it('Given a wrong token, then TOKEN_REJECTED names HTTP 401 and never the token', async () => {
    const error = await failure(verifyUpstream({ url: upstream.url, credential: bearer(`${token}x`), network }));
    expect(error.code).toBe('TOKEN_REJECTED');
    expect(error.message).toContain('HTTP 401');
  });

  it('Given nothing listening, then UPSTREAM_UNREACHABLE', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(
      verifyUpstream({ url: `http://127.0.0.1:${port}/mcp`, credential: bearer(token), network }),
    );
    expect(error.code).toBe('UPSTREAM_UNREACHABLE');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('Given a server that never answers, then UPSTREAM_TIMEOUT', async () => {
    const error = await failure(verifyUpstream({ url: silentUrl, credential: bearer(token), timeoutMs: 300, network }));
    expect(error.code).toBe('UPSTREAM_TIMEOUT');
  });

  it('Given a URL that is not an MCP endpoint (HTTP 404), then VERIFY_FAILED names the status and the fix', async () => {
    const notFound = createServer((_req, res) => res.writeHead(404).end('no such page'));
    await new Promise<void>((resolve) => notFound.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(notFound.address() as AddressInfo).port}/mcp`;
      const error = await failure(verifyUpstream({ url, credential: bearer(token), network }));
      expect(error.code).toBe('VERIFY_FAILED');
      expect(error.message).toMatch(/HTTP 404.*MCP endpoint/);
    } finally {
      notFound.closeAllConnections();
      await new Promise((resolve) => notFound.close(resolve));
    }
  });
});
