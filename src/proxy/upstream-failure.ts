/**
 * Maps an upstream transport error (upstream/upstream-error.ts) to the proxy's failure: a timeout is 504,
 * everything else that kept us from the upstream is 502. Messages name the connection and
 * the upstream origin, never the token.
 */
import type { JsonRpcErrorOptions } from './jsonrpc-error.js';
import type { Route } from './route-table.js';
import type { UpstreamError } from './upstream/upstream-error.js';

const TIMEOUT_CODES = new Set(['UPSTREAM_CONNECT_TIMEOUT', 'UPSTREAM_HEADERS_TIMEOUT', 'ETIMEDOUT']);

export function upstreamFailure(error: UpstreamError, route: Route): JsonRpcErrorOptions {
  const code = error.code;
  if (TIMEOUT_CODES.has(code)) {
    return {
      failure: 'UPSTREAM_TIMEOUT',
      connection: route.name,
      message: `The upstream of connection "${route.name}" (${route.origin}) did not answer in time (${code}); check the server's status or try again later.`,
    };
  }
  if (code === 'UPSTREAM_BAD_RESPONSE') {
    return {
      failure: 'UPSTREAM_UNREACHABLE',
      connection: route.name,
      message: `The upstream of connection "${route.name}" (${route.origin}) sent a response Keyport will not relay: ${error.message}`,
    };
  }
  if (code === 'UPSTREAM_INVALID_REQUEST') {
    return {
      failure: 'UPSTREAM_UNREACHABLE',
      connection: route.name,
      message: `The request to connection "${route.name}" cannot be sent: ${error.message} If it is the token, store it again with \`keyport rotate ${route.name}\`.`,
    };
  }
  return {
    failure: 'UPSTREAM_UNREACHABLE',
    connection: route.name,
    message: `The upstream of connection "${route.name}" (${route.origin}) is unreachable (${code}); check the URL with \`keyport check ${route.name}\` and your network.`,
  };
}
