/**
 * One client connection on the proxy's listener: read a request head, hand the request to the
 * handler, read its body only when the handler asks (so a refused request costs no buffering),
 * write the response, then the next request. Framing errors, oversized heads and timeouts are
 * answered here with a JSON-RPC error body and the connection is closed.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { noAcceptedKey, type AcceptedKey } from '../client-keys.js';
import { jsonRpcErrorBody } from '../jsonrpc-error.js';
import { ChunkedBodyDecoder } from './chunked-body.js';
import { ProxyResponse } from './proxy-response.js';
import { headEnd, parseRequestHead, type RequestHead } from './request-head.js';

export interface ProxyRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The local key this connection last proved (the handler's to read and update). */
  readonly acceptedKey: AcceptedKey;
  /** Reads the whole body, up to `limit` bytes; calls back once (tooLarge → the connection closes after the response). */
  readBody(limit: number, done: (tooLarge: boolean, body: Buffer | undefined) => void): void;
}

export type ProxyRequestHandler = (req: ProxyRequest, res: ProxyResponse) => void;

export interface ConnectionTimeouts {
  /** From the first byte of a request to the end of its head. */
  readonly headersMs: number;
  /** From the first byte of a request to the end of its body. */
  readonly requestMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveMs: number;
}

/** Bytes of a pipelined request held while the current one is being answered. */
const MAX_PENDING = 64 * 1024;
const EMPTY = Buffer.alloc(0);
/** How long a closing connection may keep sending bytes we drop. */
const LINGER_MS = 2000;
const discard = (): void => undefined;

type BodyState =
  | { readonly kind: 'none' }
  | { readonly kind: 'unread' }
  | { readonly kind: 'length'; remaining: number; readonly parts: Buffer[]; readonly done: BodyCallback }
  | { readonly kind: 'chunked'; readonly decoder: ChunkedBodyDecoder; readonly done: BodyCallback }
  | { readonly kind: 'read' };

type BodyCallback = (tooLarge: boolean, body: Buffer | undefined) => void;

export class Http1Connection {
  /** Unparsed bytes: a head in progress, or a pipelined request waiting its turn. */
  private pending: Buffer = EMPTY;
  /** How many bytes of `pending` were already searched for the end of a head. */
  private scanned = 0;
  private current: { readonly head: RequestHead; readonly res: ProxyResponse; body: BodyState } | undefined;
  /** When the connection times out (ms since epoch); Infinity while a response is being produced. */
  deadline: number;
  private closed = false;
  private readonly acceptedKey = noAcceptedKey();

  constructor(
    readonly socket: Socket,
    private readonly handler: ProxyRequestHandler,
    private readonly timeouts: ConnectionTimeouts,
  ) {
    this.deadline = Date.now() + timeouts.keepAliveMs;
    socket.setNoDelay(true);
    socket.on('data', this.onData);
    socket.on('error', () => socket.destroy());
    socket.on('close', this.onClose);
  }

  get idle(): boolean {
    return this.current === undefined && this.pending.length === 0;
  }

  /** Called by the server's sweep. */
  expire(now: number): void {
    if (now < this.deadline) return;
    if (this.idle) this.socket.destroy();
    else this.refuse({ status: 408, reason: 'Request timed out' });
  }

  bodyUnread(): boolean {
    const kind = this.current?.body.kind;
    return kind === 'unread' || kind === 'length' || kind === 'chunked';
  }

  private readonly onClose = (): void => {
    this.closed = true;
    this.current?.res.socketClosed();
  };

  private readonly onData = (chunk: Buffer): void => {
    const current = this.current;
    if (current !== undefined) {
      const body = current.body;
      if (body.kind === 'length' || body.kind === 'chunked') {
        this.feedBody(chunk);
        return;
      }
      this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
      // Hold at most one pipelined request's worth; the socket resumes when the turn comes.
      if (this.pending.length > MAX_PENDING) this.socket.pause();
      return;
    }
    if (this.pending.length === 0) this.deadline = Date.now() + this.timeouts.headersMs;
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    this.nextRequest();
  };

  private nextRequest(): void {
    const end = headEnd(this.pending, this.scanned);
    this.scanned = this.pending.length;
    if (typeof end !== 'number') {
      this.refuse(end);
      return;
    }
    if (end === -1) return;
    const head = parseRequestHead(this.pending.toString('latin1', 0, end));
    if ('status' in head) {
      this.refuse(head);
      return;
    }
    // An HTTP/1.0 request's expectation is ignored (RFC 9110 §10.1.1).
    const expect = head.http10 ? undefined : head.headers.expect;
    if (expect !== undefined && expect.toLowerCase() !== '100-continue') {
      this.refuse({ status: 417, reason: 'Only "Expect: 100-continue" is supported' });
      return;
    }
    this.pending = this.pending.subarray(end);
    this.scanned = 0;
    const res = new ProxyResponse(this.socket, this, {
      head: head.method === 'HEAD',
      http10: head.http10,
      close: head.close,
    });
    const current = {
      head,
      res,
      body: (head.framing.kind === 'none' ? { kind: 'none' } : { kind: 'unread' }) as BodyState,
    };
    this.current = current;
    this.deadline = current.body.kind === 'none' ? Infinity : Date.now() + this.timeouts.requestMs;
    const request: ProxyRequest = {
      method: head.method,
      url: head.url,
      headers: head.headers,
      acceptedKey: this.acceptedKey,
      readBody: (limit, done) => this.readBody(current, limit, done),
    };
    this.handler(request, res);
  }

  private readBody(current: NonNullable<Http1Connection['current']>, limit: number, done: BodyCallback): void {
    if (this.current !== current || current.body.kind !== 'unread') {
      if (current.body.kind === 'none') done(false, EMPTY);
      return;
    }
    const framing = current.head.framing;
    if (framing.kind === 'length' && framing.length > limit) {
      current.body = { kind: 'read' };
      current.res.closeAfterResponse();
      done(true, undefined);
      return;
    }
    current.body =
      framing.kind === 'length'
        ? { kind: 'length', remaining: framing.length, parts: [], done }
        : { kind: 'chunked', decoder: new ChunkedBodyDecoder(limit), done };
    if (current.head.headers.expect !== undefined && !current.head.http10 && this.pending.length === 0) {
      this.socket.write('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');
    }
    const early = this.pending;
    this.pending = EMPTY;
    this.socket.resume();
    if (early.length > 0) this.feedBody(early);
  }

  private feedBody(chunk: Buffer): void {
    const current = this.current!;
    const body = current.body;
    if (body.kind === 'length') {
      const take = Math.min(body.remaining, chunk.length);
      body.parts.push(take === chunk.length ? chunk : chunk.subarray(0, take));
      body.remaining -= take;
      if (take < chunk.length) this.pending = chunk.subarray(take);
      if (body.remaining > 0) return;
      this.bodyRead(current, body.done, body.parts.length === 1 ? body.parts[0]! : Buffer.concat(body.parts));
      return;
    }
    if (body.kind !== 'chunked') return;
    const result = body.decoder.push(chunk);
    switch (result.kind) {
      case 'more':
        return;
      case 'bad':
        this.refuse({ status: 400, reason: result.reason });
        return;
      case 'too-large':
        current.body = { kind: 'read' };
        current.res.closeAfterResponse();
        this.socket.pause();
        body.done(true, undefined);
        return;
      case 'done':
        if (result.consumed < chunk.length) this.pending = chunk.subarray(result.consumed);
        this.bodyRead(current, body.done, result.body);
    }
  }

  private bodyRead(current: NonNullable<Http1Connection['current']>, done: BodyCallback, body: Buffer): void {
    current.body = { kind: 'read' };
    this.deadline = Infinity;
    if (this.pending.length > MAX_PENDING) this.socket.pause();
    done(false, body);
  }

  /** From ProxyResponse: the response is out; close, or go on with the next request. */
  responseDone(closeAfter: boolean): void {
    const current = this.current;
    this.current = undefined;
    // A body the handler never read would be parsed as the next request: close instead.
    const unread = current !== undefined && current.body.kind !== 'none' && current.body.kind !== 'read';
    if (this.closed) return;
    if (closeAfter || unread) {
      this.closeGracefully();
      return;
    }
    this.deadline = Date.now() + (this.pending.length > 0 ? this.timeouts.headersMs : this.timeouts.keepAliveMs);
    this.socket.resume();
    if (this.pending.length > 0)
      process.nextTick(() => this.current === undefined && !this.closed && this.nextRequest());
  }

  /** Answers a request this layer cannot accept, then closes the connection. */
  private refuse(failure: { readonly status: number; readonly reason: string }): void {
    const current = this.current;
    if (current !== undefined && current.res.headersSent) {
      this.socket.destroy();
      return;
    }
    current?.res.socketClosed();
    const body = jsonRpcErrorBody({
      failure: 'MALFORMED_REQUEST',
      message: `${failure.reason}: Keyport accepts well-formed HTTP/1.1 requests only.`,
    });
    this.socket.write(
      `HTTP/1.1 ${failure.status} ${STATUS_CODES[failure.status] ?? 'Error'}\r\ncontent-type: application/json\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n${body}`,
    );
    this.closeGracefully();
  }

  /**
   * Ends the connection after what was written, reading and dropping whatever the client still
   * sends: closing with unread bytes would reset the connection and could lose the answer.
   */
  private closeGracefully(): void {
    this.current = undefined;
    this.pending = EMPTY;
    this.deadline = Infinity;
    this.socket.off('data', this.onData);
    this.socket.on('data', discard);
    this.socket.resume();
    this.socket.end();
    setTimeout(() => this.socket.destroy(), LINGER_MS).unref();
  }
}
