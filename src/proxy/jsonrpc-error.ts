/**
 * The proxy's failure bodies: JSON-RPC error objects that name the connection and the fix.
 * Every failure the proxy produces itself goes through `sendJsonRpcError`.
 */
import type { ServerResponse } from 'node:http';

/** Why the proxy refused or failed a request; maps to an HTTP status and a JSON-RPC code. */
export type ProxyFailure =
  | 'FORBIDDEN_HOST'
  | 'UNAUTHORIZED'
  | 'NOT_FOUND'
  | 'PARSE_ERROR'
  | 'BODY_TOO_LARGE'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_REJECTED'
  | 'QUOTA_EXHAUSTED'
  | 'PAUSED'
  | 'KEYCHAIN_UNAVAILABLE'
  | 'UPSTREAM_UNREACHABLE'
  | 'UPSTREAM_TIMEOUT'
  | 'METHOD_NOT_ALLOWED'
  | 'MALFORMED_REQUEST'
  | 'SIGN_IN_NEEDED'
  | 'INSUFFICIENT_SCOPE'
  | 'CREDENTIAL_UNAVAILABLE'
  | 'TOOL_DENIED'
  | 'BATCH_NOT_SENT';

const FAILURES: Record<ProxyFailure, { readonly status: number; readonly code: number }> = {
  FORBIDDEN_HOST: { status: 403, code: -32000 },
  UNAUTHORIZED: { status: 401, code: -32001 },
  NOT_FOUND: { status: 404, code: -32004 },
  PARSE_ERROR: { status: 400, code: -32700 },
  BODY_TOO_LARGE: { status: 413, code: -32600 },
  TOKEN_EXPIRED: { status: 401, code: -32010 },
  TOKEN_REJECTED: { status: 401, code: -32011 },
  QUOTA_EXHAUSTED: { status: 429, code: -32012 },
  PAUSED: { status: 503, code: -32013 },
  KEYCHAIN_UNAVAILABLE: { status: 503, code: -32014 },
  UPSTREAM_UNREACHABLE: { status: 502, code: -32015 },
  UPSTREAM_TIMEOUT: { status: 504, code: -32016 },
  METHOD_NOT_ALLOWED: { status: 405, code: -32600 },
  MALFORMED_REQUEST: { status: 400, code: -32600 },
  SIGN_IN_NEEDED: { status: 401, code: -32017 },
  INSUFFICIENT_SCOPE: { status: 403, code: -32018 },
  CREDENTIAL_UNAVAILABLE: { status: 502, code: -32019 },
  // The tool policy answers in the protocol (HTTP 200): the session goes on, the client reads the error.
  TOOL_DENIED: { status: 200, code: -32023 },
  BATCH_NOT_SENT: { status: 200, code: -32024 },
};

export interface JsonRpcErrorOptions {
  readonly failure: ProxyFailure;
  readonly message: string;
  readonly connection?: string;
  /** The request id when a single request was parsed; null otherwise. */
  readonly id?: string | number | null;
  /** Overrides the failure's default status (e.g. 403 relayed from the upstream). */
  readonly status?: number;
  /** Close the client connection after the response (the request body was not read). */
  readonly close?: boolean;
}

export function jsonRpcErrorBody(options: JsonRpcErrorOptions): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id: options.id ?? null,
    error: {
      code: FAILURES[options.failure].code,
      message: options.message,
      data: { reason: options.failure, ...(options.connection ? { connection: options.connection } : {}) },
    },
  });
}

export function sendJsonRpcError(res: ServerResponse, options: JsonRpcErrorOptions): number {
  const status = options.status ?? FAILURES[options.failure].status;
  if (res.headersSent) {
    res.destroy();
    return status;
  }
  const body = jsonRpcErrorBody(options);
  // Set apart from writeHead's headers so the listener can see it (getHeader) and handle no
  // request pipelined behind this answer.
  if (options.close) res.setHeader('connection', 'close');
  return sendJsonBody(res, status, body);
}

/** A JSON answer of the proxy's own (never cached). */
export function sendJsonBody(res: ServerResponse, status: number, body: string): number {
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
  return status;
}
