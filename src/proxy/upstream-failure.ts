/**
 * Maps a failed upstream exchange (an undici error) to the proxy's answer: a timeout is 504,
 * everything else that kept us from the upstream is 502. Network failures read exactly as in
 * `keyport add` and `keyport check` (net/network-failure.ts); messages name the connection and
 * the upstream origin, never the token.
 */
import { describeNetworkFailure } from '../net/network-failure.js';
import type { JsonRpcErrorOptions } from './jsonrpc-error.js';
import type { Route } from './route-table.js';
import { AnswerRewriteError } from './upstream-exchange.js';

/** undici's code for the failure; a parser error without one is named HPE_PARSE. */
const codeOf = (error: Error): string => {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return error.name === 'HTTPParserError' ? 'HPE_PARSE' : 'UPSTREAM_ERROR';
};

/** undici's codes for a response it could not read (malformed or ambiguous framing, bad lengths). */
const BAD_RESPONSE = /^(HPE_|UND_ERR_RES_|UND_ERR_INFO$|UND_ERR_RESPONSE)/;

export function upstreamFailure(error: Error, route: Route, proxy: string | null): JsonRpcErrorOptions {
  const name = route.name;
  if (error instanceof AnswerRewriteError) {
    return {
      failure: 'UPSTREAM_UNREACHABLE',
      connection: name,
      message: `The upstream of connection "${name}" (${route.origin}) sent an answer Keyport will not relay: ${error.message}.`,
    };
  }
  const url = new URL(route.connection.url);
  const network = describeNetworkFailure(error, {
    where: `${url.origin}${url.pathname}`,
    host: url.host,
    proxy,
    connection: name,
  });
  if (network !== undefined) {
    return {
      failure: network.kind === 'timeout' ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNREACHABLE',
      connection: name,
      message: `Connection "${name}": ${network.message}`,
    };
  }
  const code = codeOf(error);
  if (code === 'UND_ERR_INVALID_ARG') {
    return {
      failure: 'UPSTREAM_UNREACHABLE',
      connection: name,
      message: `The request to connection "${name}" cannot be sent: a header value HTTP cannot carry (${code}). If it is the token, store it again with \`keyport rotate ${name}\`.`,
    };
  }
  if (BAD_RESPONSE.test(code)) {
    return {
      failure: 'UPSTREAM_UNREACHABLE',
      connection: name,
      message: `The upstream of connection "${name}" (${route.origin}) sent a response Keyport will not relay (${code}: ${error.message.slice(0, 120)}); check the server.`,
    };
  }
  return {
    failure: 'UPSTREAM_UNREACHABLE',
    connection: name,
    message: `The upstream of connection "${name}" (${route.origin}) failed (${code}); check it with \`keyport check ${name}\` and your network.`,
  };
}
