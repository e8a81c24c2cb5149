/**
 * The proxy's listener: node:http (llhttp, strict) with its own limits and timeouts — a head over
 * 16 KiB is a 431, a head slower than `headersMs` or a request slower than `requestMs` a 408 — and
 * Keyport's checks (request-checks.ts) before the handler sees a request. Pipelined requests are
 * parsed only as fast as their answers drain (node:http pauses a socket whose responses are not
 * read), so a client that never reads cannot make the proxy buffer without bound. Every refusal is
 * a JSON-RPC error body with `connection: close`.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { noAcceptedKey, type AcceptedKey } from '../client-keys.js';
import { jsonRpcErrorBody, sendJsonRpcError } from '../jsonrpc-error.js';
import { checkRequest, MAX_HEAD_BYTES, MAX_HEADER_COUNT, type RequestFault } from './request-checks.js';

export interface ListenerTimeouts {
  /** From the first byte of a request to the end of its head. */
  readonly headersMs: number;
  /** From the first byte of a request to the end of its body. */
  readonly requestMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveMs: number;
  /** How often the head and request timeouts are enforced. */
  readonly checkIntervalMs: number;
}

export const DEFAULT_TIMEOUTS: ListenerTimeouts = {
  headersMs: 60_000,
  requestMs: 300_000,
  keepAliveMs: 65_000,
  checkIntervalMs: 1_000,
};

/** The handler, told which local key this client connection last proved (its to read and update). */
export type ProxyRequestHandler = (req: IncomingMessage, res: ServerResponse, acceptedKey: AcceptedKey) => void;

/** How long a connection refused mid-request may keep sending bytes we drop before it is cut. */
const LINGER_MS = 2000;

/** What a parser error means for the client (its `code`: HPE_…, or Node's own). */
function clientErrorFault(code: string | undefined): RequestFault | undefined {
  switch (code) {
    case 'ECONNRESET':
    case 'EPIPE':
    case 'HPE_CLOSED_CONNECTION':
      return undefined;
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, reason: 'Request head too large' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, reason: 'Request timed out' };
    default:
      return { status: 400, reason: 'Malformed request' };
  }
}

const faultMessage = (fault: RequestFault) => `${fault.reason}: Keyport accepts well-formed HTTP/1.1 requests only.`;

function refusalBytes(fault: RequestFault): string {
  const body = jsonRpcErrorBody({ failure: 'MALFORMED_REQUEST', message: faultMessage(fault) });
  return (
    `HTTP/1.1 ${fault.status} ${STATUS_CODES[fault.status] ?? 'Error'}\r\ncontent-type: application/json\r\n` +
    `content-length: ${Buffer.byteLength(body)}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n${body}`
  );
}

/**
 * Ends a connection after what was written, reading and dropping what the client still sends:
 * closing with unread bytes would reset the connection and could lose the answer.
 */
function closeGracefully(socket: Socket, last: string): void {
  socket.removeAllListeners('data');
  socket.on('data', () => undefined);
  socket.resume();
  socket.end(last);
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

/** The answer (already begun) tells the client the connection closes after it (set with setHeader). */
function closesConnection(res: ServerResponse): boolean {
  if (!res.headersSent) return false;
  const connection = res.getHeader('connection');
  return typeof connection === 'string' && connection.toLowerCase() === 'close';
}

export interface ProxyListener {
  readonly server: Server;
  /** Closes connections with no request in progress (the listener stops separately). */
  closeIdleConnections(): void;
  closeAllConnections(): void;
}

export function createProxyListener(
  handler: ProxyRequestHandler,
  timeouts: ListenerTimeouts = DEFAULT_TIMEOUTS,
): ProxyListener {
  const acceptedKeys = new WeakMap<Socket, AcceptedKey>();
  /** The response in progress on each socket, so a parser error mid-request knows what was sent. */
  const responding = new WeakMap<Socket, ServerResponse>();
  const refused = new WeakSet<Socket>();

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const socket = req.socket;
    // A request pipelined behind an answer that closes the connection is never handled: its
    // answer could not be sent, and the upstream must not see a request nobody hears back from.
    const previous = responding.get(socket);
    if (previous !== undefined && closesConnection(previous)) return;
    responding.set(socket, res);
    const fault = checkRequest(req);
    if (fault !== undefined) {
      sendJsonRpcError(res, {
        failure: 'MALFORMED_REQUEST',
        status: fault.status,
        close: true,
        message: faultMessage(fault),
      });
      return;
    }
    let acceptedKey = acceptedKeys.get(socket);
    if (acceptedKey === undefined) {
      acceptedKey = noAcceptedKey();
      acceptedKeys.set(socket, acceptedKey);
    }
    handler(req, res, acceptedKey);
  };

  const server = createServer(
    {
      maxHeaderSize: MAX_HEAD_BYTES,
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionsCheckingInterval: timeouts.checkIntervalMs,
      // Checked by request-checks.ts, so the answer is Keyport's JSON-RPC error, not an empty 400.
      requireHostHeader: false,
      insecureHTTPParser: false,
      noDelay: true,
    },
    onRequest,
  );
  // One over the limit, so request-checks.ts sees that there were too many (Node would drop them).
  server.maxHeadersCount = MAX_HEADER_COUNT + 1;
  // `Expect: 100-continue` is answered when the handler reads the body (read-body.ts), not before.
  server.on('checkContinue', onRequest);
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (refused.has(socket)) return;
    refused.add(socket);
    const fault = clientErrorFault(error.code);
    const res = responding.get(socket);
    if (fault === undefined || !socket.writable || (res !== undefined && res.headersSent && !res.writableFinished)) {
      socket.destroy();
      return;
    }
    closeGracefully(socket, refusalBytes(fault));
  });
  return {
    server,
    closeIdleConnections: () => server.closeIdleConnections(),
    closeAllConnections: () => server.closeAllConnections(),
  };
}
