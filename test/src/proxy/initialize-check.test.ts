import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifyResult } from '../../../src/contract/dto.js';
import type { VerifyUpstreamOptions } from '../../../src/core/verify-upstream.js';
import { initializeCheck } from '../../../src/proxy/initialize-check.js';
import { canaryToken } from '../../support/keychain-guard.js';
import { directNetwork } from '../../support/direct-network.js';
import {
  startLegacySseUpstream,
  startStatefulUpstream,
  startStatelessUpstream,
  type BearerUpstream,
} from '../../support/upstreams/bearer-upstreams.js';

const network = directNetwork();
const token = canaryToken('1c1c');
const FALLBACK: VerifyResult = { serverName: 'from-fallback', serverVersion: null, toolCount: 3 };
let stateful: BearerUpstream;
let stateless: BearerUpstream;
let legacy: BearerUpstream;

beforeAll(async () => {
  [stateful, stateless, legacy] = await Promise.all([
    startStatefulUpstream(token),
    startStatelessUpstream(token),
    startLegacySseUpstream(token),
  ]);
});
afterAll(async () => {
  await Promise.all([stateful.close(), stateless.close(), legacy.close()]);
});

function checkWithFallback(): { check: ReturnType<typeof initializeCheck>; calls: VerifyUpstreamOptions[] } {
  const calls: VerifyUpstreamOptions[] = [];
  return {
    calls,
    check: initializeCheck(async (options) => {
      calls.push(options);
      return FALLBACK;
    }),
  };
}

describe('initializeCheck (the health check without the SDK)', () => {
  it('Given a stateful SDK server answering over SSE, then its name comes back, the session is ended, no fallback', async () => {
    const { check, calls } = checkWithFallback();
    const before = stateful.seen.length;
    const result = await check({ url: stateful.url, token, network });
    expect(result).toEqual({ serverName: 'stateful-upstream', serverVersion: '1.0.0', toolCount: null });
    expect(calls).toEqual([]);
    const seen = stateful.seen.slice(before);
    expect(seen.map((request) => request.method)).toEqual(['POST', 'DELETE']);
    expect(seen.every((request) => request.headers.authorization === `Bearer ${token}`)).toBe(true);
  });

  it('Given a stateless SDK server answering JSON (URL with a query), then its name comes back without the fallback', async () => {
    const { check, calls } = checkWithFallback();
    expect(await check({ url: stateless.url, token, network })).toEqual({
      serverName: 'stateless-upstream',
      serverVersion: '1.0.0',
      toolCount: null,
    });
    expect(calls).toEqual([]);
    expect(stateless.seen.at(-1)?.url).toBe('/v1/mcp?tenant=acme');
  });

  it('Given a rejected token, a legacy SSE server or nothing listening, then the full verifier answers', async () => {
    const { check, calls } = checkWithFallback();
    const wrong = canaryToken('dead');
    expect(await check({ url: stateful.url, token: wrong, network })).toBe(FALLBACK);
    expect(await check({ url: `${legacy.origin}/sse`, token, network })).toBe(FALLBACK);
    expect(await check({ url: 'http://127.0.0.1:9/mcp', token, timeoutMs: 2000, network })).toBe(FALLBACK);
    expect(calls.map((call) => call.token)).toEqual([wrong, token, token]);
  });
});
