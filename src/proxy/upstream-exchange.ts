/**
 * One proxied exchange, as an undici dispatch handler: the upstream's response is written to the
 * client as it arrives, with backpressure both ways, and a client that goes away aborts the
 * upstream request at once. Nothing reaches the client before the first body byte (SSE streams:
 * the head, at once), so an upstream that fails after its head is still answered with a clean 502;
 * once bytes are out, a failure cuts the client's connection — never a complete-looking wrong
 * answer, never a hang. A request that fails on a reused connection before any response byte
 * (the stale keep-alive race) is sent once more, on a new connection.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { ReuseTracker } from '../net/socket-reuse.js';
import type { Dispatcher } from '../net/undici.js';

/** Where a response body goes: the client's response itself, or a rewriter in front of it. */
export interface BodySink {
  write(chunk: Buffer): boolean;
  end(chunk?: Buffer): void;
  onceDrain(listener: () => void): void;
}

/** How to answer the client, decided from the upstream's head. */
export interface ClientAnswer {
  readonly status: number;
  readonly headers: OutgoingHttpHeaders;
  /** Send the head at once and each chunk as it comes (SSE), optionally through a rewriter. */
  readonly stream: false | { readonly through?: (sink: BodySink) => BodySink };
}

export interface ExchangeHooks {
  /** The upstream's head: how to answer, or null when the proxy answers itself (onDone follows). */
  onHead(statusCode: number, headers: IncomingHttpHeaders): ClientAnswer | null;
  /** The exchange is over: `error` when it failed; `answered` tells whether the client got bytes. */
  onDone(error: Error | undefined, outcome: { readonly clientGone: boolean; readonly answered: boolean }): void;
  /** Sends the request once more on a new connection, with this exchange as its handler. */
  retry(exchange: UpstreamExchange): void;
}

/** Errors of a connection the server closed under us: worth one retry when the connection was reused. */
const STALE_CONNECTION = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

export function responseSink(res: ServerResponse): BodySink {
  return {
    write: (chunk) => res.write(chunk),
    end: (chunk) => (chunk === undefined ? res.end() : res.end(chunk)),
    onceDrain: (listener) => res.once('drain', listener),
  };
}

export class UpstreamExchange implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private answer: ClientAnswer | null = null;
  private sink: BodySink | undefined;
  /** Bytes of a Content-Length body still to come; -1 when unknown. */
  private remaining = -1;
  private headWritten = false;
  /** The client's response has been ended (the last body bytes went out with it). */
  private ended = false;
  private started = false;
  private reused = false;
  private retried = false;
  private clientGone = false;
  private finished = false;
  private readonly heard = (reused: boolean): void => {
    this.reused = reused;
  };

  constructor(
    private readonly res: ServerResponse,
    private readonly hooks: ExchangeHooks,
    private readonly reuse: ReuseTracker,
  ) {
    res.once('close', this.onClientClose);
  }

  private readonly onClientClose = (): void => {
    if (this.finished || this.res.writableFinished) return;
    this.clientGone = true;
    this.controller?.abort(new Error('The client went away'));
    this.finish(undefined);
  };

  private finish(error: Error | undefined): void {
    if (this.finished) return;
    this.finished = true;
    this.res.off('close', this.onClientClose);
    this.hooks.onDone(error, { clientGone: this.clientGone, answered: this.headWritten });
  }

  /** Writes the held head (once); the first body bytes or the end follow it in the same write. */
  private writeHead(): void {
    if (this.headWritten || this.answer === null) return;
    this.headWritten = true;
    this.res.writeHead(this.answer.status, this.answer.headers);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.clientGone) {
      controller.abort(new Error('The client went away'));
      return;
    }
    this.reuse.expect(this.heard);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.reuse.cancel(this.heard);
    this.started = true;
    this.answer = this.hooks.onHead(statusCode, headers);
    const answer = this.answer;
    if (answer === null) return;
    if (answer.stream === false) {
      const length = answer.headers['content-length'];
      if (length !== undefined) this.remaining = Number(length);
      this.sink = responseSink(this.res);
      return;
    }
    this.writeHead();
    this.res.flushHeaders();
    const sink = responseSink(this.res);
    this.sink = answer.stream.through ? answer.stream.through(sink) : sink;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    const sink = this.sink;
    if (sink === undefined || this.finished || this.ended) return;
    this.writeHead();
    if (this.remaining === chunk.length) {
      // The whole (rest of the) body: head, body and end leave in one write.
      this.ended = true;
      sink.end(chunk);
      return;
    }
    if (this.remaining > 0) this.remaining -= chunk.length;
    if (!sink.write(chunk)) {
      controller.pause();
      sink.onceDrain(() => controller.resume());
    }
  }

  onResponseEnd(): void {
    if (this.sink !== undefined && !this.ended && !this.finished) {
      this.ended = true;
      this.writeHead();
      this.sink.end();
    }
    this.finish(undefined);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.reuse.cancel(this.heard);
    if (this.finished) return;
    const code = (error as { code?: unknown }).code;
    if (
      !this.started &&
      this.reused &&
      !this.retried &&
      !this.clientGone &&
      typeof code === 'string' &&
      STALE_CONNECTION.has(code)
    ) {
      this.retried = true;
      this.reused = false;
      this.controller = undefined;
      this.hooks.retry(this);
      return;
    }
    this.finish(error);
  }
}
