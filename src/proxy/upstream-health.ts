/**
 * Adapts the foundation's verifyUpstream (an MCP initialize with the token) to a health result:
 * ok (detail: the server's name), rejected (401/403), unreachable (network, timeout, or an
 * answer that is not MCP). Details come from KeyportError messages, which never hold a token.
 */
import type { Clock } from '../clock.js';
import { lazyVerifyUpstream } from '../core/lazy-verify-upstream.js';
import type { UpstreamVerifier } from '../core/verify-upstream.js';
import { isKeyportError } from '../errors.js';
import type { UpstreamClient } from '../net/upstream-client.js';
import type { Health } from '../store/schema.js';
import type { HealthVerifier } from './health-schedule.js';
import { initializeCheck } from './initialize-check.js';

export function healthVerifier(options: {
  readonly verify: UpstreamVerifier;
  readonly clock: Clock;
  readonly network: UpstreamClient;
  readonly timeoutMs?: number;
}): HealthVerifier {
  return async (connection, credential) => {
    try {
      const result = await options.verify({
        url: connection.url,
        credential,
        network: options.network,
        ca: connection.ca,
        connection: connection.name,
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      });
      return { state: 'ok', checkedAt: options.clock.now().toISOString(), detail: result.serverName };
    } catch (error) {
      const state: Health['state'] =
        isKeyportError(error) && error.code === 'TOKEN_REJECTED' ? 'rejected' : 'unreachable';
      const detail = isKeyportError(error) ? error.message : 'The check failed.';
      return { state, checkedAt: options.clock.now().toISOString(), detail };
    }
  };
}

/**
 * The health check `keyport serve` and the app both run: the light SDK-free initialize first,
 * the SDK's full check (loaded on demand) for anything that is not a clear success.
 */
export function defaultHealthVerifier(options: {
  readonly clock: Clock;
  readonly network: UpstreamClient;
}): HealthVerifier {
  return healthVerifier({
    verify: initializeCheck(lazyVerifyUpstream),
    clock: options.clock,
    network: options.network,
  });
}
