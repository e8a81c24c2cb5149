/**
 * One keep-alive connection to an upstream: writes a request, reads its response (head, then a
 * body framed by length, chunking or close) and hands each piece to the exchange's handler as it
 * arrives, so SSE events stream through one by one. One exchange at a time, no pipelining.
 * Listeners are attached once per socket, not per request: this runs for every proxied call.
 */
import type { Socket } from 'node:net';
import { ChunkedBodyDecoder } from '../http1/chunked-body.js';
import { MAX_RESPONSE_HEAD_BYTES, parseResponseHead, type ResponseHead } from './response-head.js';
import { fromSocketError, UpstreamError } from './upstream-error.js';

export interface UpstreamHandler {
  /** The final response head (1xx interim responses are skipped). */
  onHead(status: number, headers: Readonly<Record<string, string>>): void;
  onData(chunk: Buffer): void;
  onEnd(): void;
  onError(error: UpstreamError): void;
}

/** The caller's hold on an exchange in flight. Calls after the exchange ended do nothing. */
export interface UpstreamCall {
  pause(): void;
  resume(): void;
  /** Drops the exchange: the connection is closed, the handler hears nothing more. */
  abort(): void;
}

export interface ConnectionOwner {
  /** The response was read whole and the connection may carry another request. */
  release(connection: UpstreamConnection, keepAliveHintMs: number | undefined): void;
  /** The connection is closed (or about to be): forget it. */
  forget(connection: UpstreamConnection): void;
}

const UNLIMITED = Number.MAX_SAFE_INTEGER;
const EMPTY = Buffer.alloc(0);

class Exchange implements UpstreamCall {
  done = false;

  constructor(
    readonly connection: UpstreamConnection,
    readonly handler: UpstreamHandler,
    readonly method: string,
  ) {}

  pause(): void {
    if (!this.done) this.connection.socket.pause();
  }

  resume(): void {
    if (!this.done) this.connection.socket.resume();
  }

  abort(): void {
    if (this.done) return;
    this.done = true;
    this.connection.close();
  }
}

export class UpstreamConnection {
  private exchange: Exchange | undefined;
  /** Bytes of a response head not yet complete. */
  private pending: Buffer = EMPTY;
  private head: ResponseHead | undefined;
  /** Body bytes still to come (length framing). */
  private remaining = 0;
  private decoder: ChunkedBodyDecoder | undefined;
  private timer: NodeJS.Timeout | undefined;
  private connected = false;
  private closed = false;
  /** When an idle connection is retired (ms since epoch). */
  idleUntil = 0;

  constructor(
    readonly socket: Socket,
    private readonly owner: ConnectionOwner,
    private readonly timeouts: { readonly connectMs: number; readonly headersMs: number },
    connectEvent: 'connect' | 'secureConnect',
  ) {
    socket.setNoDelay(true);
    socket.once(connectEvent, this.onConnect);
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onSocketError);
    socket.on('close', this.onClose);
    this.timer = setTimeout(this.onConnectTimeout, timeouts.connectMs);
  }

  get busy(): boolean {
    return this.exchange !== undefined;
  }

  /** Sends a request (written at once; a socket still connecting buffers it). */
  send(head: string, body: Buffer | undefined, method: string, handler: UpstreamHandler): UpstreamCall {
    const exchange = new Exchange(this, handler, method);
    this.exchange = exchange;
    this.pending = EMPTY;
    this.head = undefined;
    const socket = this.socket;
    socket.cork();
    socket.write(head, 'latin1');
    if (body !== undefined && body.length > 0) socket.write(body);
    socket.uncork();
    if (this.connected) this.timer = setTimeout(this.onHeadersTimeout, this.timeouts.headersMs);
    return exchange;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.owner.forget(this);
    this.socket.destroy();
  }

  private readonly onConnect = (): void => {
    this.connected = true;
    clearTimeout(this.timer);
    if (this.exchange !== undefined && this.head === undefined) {
      this.timer = setTimeout(this.onHeadersTimeout, this.timeouts.headersMs);
    }
  };

  private readonly onConnectTimeout = (): void => {
    this.fail(new UpstreamError('UPSTREAM_CONNECT_TIMEOUT', 'Connecting to the upstream timed out.'));
  };

  private readonly onHeadersTimeout = (): void => {
    this.fail(new UpstreamError('UPSTREAM_HEADERS_TIMEOUT', 'The upstream sent no response head in time.'));
  };

  private readonly onData = (chunk: Buffer): void => {
    const exchange = this.exchange;
    if (exchange === undefined) {
      // Bytes on an idle connection belong to no request: the stream is out of step.
      this.close();
      return;
    }
    if (this.head === undefined) {
      const rest = this.readHead(chunk, exchange);
      if (rest === undefined) return;
      chunk = rest;
    }
    this.readBody(chunk, exchange);
  };

  /** Collects the head; delivers it and returns the bytes after it, or undefined for more. */
  private readHead(chunk: Buffer, exchange: Exchange): Buffer | undefined {
    let buffer = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n', 0, 'latin1');
      if (end === -1 || end + 4 > MAX_RESPONSE_HEAD_BYTES) {
        if (end === -1 && buffer.length <= MAX_RESPONSE_HEAD_BYTES) {
          this.pending = buffer;
          return undefined;
        }
        this.fail(new UpstreamError('UPSTREAM_BAD_RESPONSE', 'The upstream sent a response head over 64 KiB.'));
        return undefined;
      }
      const head = parseResponseHead(buffer.toString('latin1', 0, end + 4), exchange.method);
      buffer = buffer.subarray(end + 4);
      if ('reason' in head) {
        this.fail(new UpstreamError('UPSTREAM_BAD_RESPONSE', `The upstream's response is malformed: ${head.reason}.`));
        return undefined;
      }
      if (head.status === 101) {
        this.fail(new UpstreamError('UPSTREAM_BAD_RESPONSE', 'The upstream switched protocols unasked.'));
        return undefined;
      }
      if (head.status >= 200) {
        this.startBody(head, exchange, buffer);
        return exchange.done ? undefined : buffer;
      }
      // 1xx interim response (100 Continue, 103 Early Hints): the final one follows.
    }
  }

  /** `rest` is what arrived after the head: for a body-less response, anything there is out of step. */
  private startBody(head: ResponseHead, exchange: Exchange, rest: Buffer): void {
    clearTimeout(this.timer);
    this.head = head;
    this.pending = EMPTY;
    const framing = head.framing;
    if (framing.kind === 'length') this.remaining = framing.length;
    if (framing.kind === 'chunked') this.decoder = new ChunkedBodyDecoder(UNLIMITED, this.onChunkData);
    exchange.handler.onHead(head.status, head.headers);
    if (framing.kind === 'none' && !exchange.done) this.complete(exchange, rest);
  }

  private readonly onChunkData = (data: Buffer): void => {
    const exchange = this.exchange;
    if (exchange !== undefined && !exchange.done) exchange.handler.onData(data);
  };

  private readBody(chunk: Buffer, exchange: Exchange): void {
    if (chunk.length === 0 || exchange.done) return;
    const framing = this.head!.framing;
    if (framing.kind === 'length') {
      if (chunk.length < this.remaining) {
        this.remaining -= chunk.length;
        exchange.handler.onData(chunk);
        return;
      }
      const last = chunk.length === this.remaining ? chunk : chunk.subarray(0, this.remaining);
      this.remaining = 0;
      exchange.handler.onData(last);
      if (!exchange.done) this.complete(exchange, chunk.subarray(last.length));
    } else if (framing.kind === 'chunked') {
      const result = this.decoder!.push(chunk);
      if (exchange.done) return;
      if (result.kind === 'done') this.complete(exchange, chunk.subarray(result.consumed));
      else if (result.kind === 'bad') {
        this.fail(
          new UpstreamError('UPSTREAM_BAD_RESPONSE', `The upstream's chunked body is malformed: ${result.reason}.`),
        );
      }
    } else if (framing.kind === 'close') {
      exchange.handler.onData(chunk);
    } else {
      // Bytes after a body-less response: out of step.
      this.close();
    }
  }

  /** The response is read whole; `extra` is anything the upstream sent beyond it. */
  private complete(exchange: Exchange, extra: Buffer): void {
    exchange.done = true;
    this.exchange = undefined;
    this.decoder = undefined;
    const head = this.head!;
    if (head.reusable && extra.length === 0 && !this.closed) {
      if (this.socket.isPaused()) this.socket.resume();
      this.owner.release(this, head.keepAliveHintMs);
    } else {
      this.close();
    }
    exchange.handler.onEnd();
  }

  private fail(error: UpstreamError): void {
    const exchange = this.exchange;
    this.exchange = undefined;
    this.close();
    if (exchange !== undefined && !exchange.done) {
      exchange.done = true;
      exchange.handler.onError(error);
    }
  }

  private readonly onEnd = (): void => {
    const exchange = this.exchange;
    if (exchange !== undefined && !exchange.done && this.head?.framing.kind === 'close') {
      this.complete(exchange, EMPTY);
      return;
    }
    this.fail(
      new UpstreamError('UPSTREAM_CLOSED', 'The upstream closed the connection before the response was complete.'),
    );
  };

  private readonly onSocketError = (error: Error): void => {
    this.fail(fromSocketError(error));
  };

  private readonly onClose = (): void => {
    this.fail(
      new UpstreamError('UPSTREAM_CLOSED', 'The upstream closed the connection before the response was complete.'),
    );
  };
}
