/**
 * One proxied exchange, as an undici dispatch handler: the upstream's response is written to the
 * client as it arrives, with backpressure both ways, and a client that goes away aborts the
 * upstream request at once. Nothing reaches the client before the first body byte (SSE streams:
 * the head, at once), so an upstream that fails after its head is still answered with a clean 502;
 * once bytes are out, a failure cuts the client's connection — never a complete-looking wrong
 * answer, never a hang. A request that fails on a reused connection before any response byte
 * (the stale keep-alive race) is sent once more, on a new connection. A body can be rewritten on
 * its way: chunk by chunk through a rewriter, or (a JSON answer) held whole, bounded, and sent
 * rewritten with its new length.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { ReuseTracker } from '../net/socket-reuse.js';
import type { Dispatcher } from '../net/undici.js';

/** Where a response body goes: the client's response itself, or a rewriter in front of it. */
export interface BodySink {
  write(chunk: Buffer): boolean;
  end(chunk?: Buffer): void;
  onceDrain(listener: () => void): void;
  /** Cuts the client's connection: the body cannot go on (e.g. a rewriter's bound was passed). */
  destroy(): void;
}

/** The whole body held (at most `limit` bytes) and rewritten once complete. */
export interface WholeBodyRewrite {
  readonly limit: number;
  /** What the limit guards, for the failure's message ("a tools/list answer"). */
  readonly what: string;
  /** The body to send instead; throws an AnswerRewriteError to answer the client with a 502. */
  rewrite(body: Buffer): Buffer;
}

/** How a body reaches the client when not exactly as it came. */
export type BodyRewrite = { readonly through: (sink: BodySink) => BodySink } | { readonly whole: WholeBodyRewrite };

/** How to answer the client, decided from the upstream's head. */
export interface ClientAnswer {
  readonly status: number;
  readonly headers: OutgoingHttpHeaders;
  /** Send the head at once (SSE streams) instead of with the first body byte. */
  readonly stream: boolean;
  readonly rewrite?: BodyRewrite;
}

/** A body the proxy will not relay (over its bound, or unreadable where it must be read). */
export class AnswerRewriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnswerRewriteError';
  }
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
    destroy: () => res.destroy(),
  };
}

export class UpstreamExchange implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private answer: ClientAnswer | null = null;
  private sink: BodySink | undefined;
  /** Bytes of a Content-Length body still to come; -1 when unknown. */
  private remaining = -1;
  /** A body held whole for a rewrite, and its size so far. */
  private held: { readonly rewrite: WholeBodyRewrite; readonly chunks: Buffer[]; bytes: number } | undefined;
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
    const rewrite = answer.rewrite;
    if (rewrite !== undefined && 'whole' in rewrite) {
      this.held = { rewrite: rewrite.whole, chunks: [], bytes: 0 };
      return;
    }
    if (answer.stream) {
      this.writeHead();
      this.res.flushHeaders();
    } else {
      const length = answer.headers['content-length'];
      if (length !== undefined && rewrite === undefined) this.remaining = Number(length);
    }
    const sink = responseSink(this.res);
    this.sink = rewrite === undefined ? sink : rewrite.through(sink);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    const held = this.held;
    if (held !== undefined) {
      if (this.finished) return;
      held.bytes += chunk.length;
      held.chunks.push(chunk);
      if (held.bytes > held.rewrite.limit) {
        const error = new AnswerRewriteError(
          `${held.rewrite.what} is larger than ${held.rewrite.limit} bytes, more than Keyport holds to apply the tool policy`,
        );
        held.chunks.length = 0;
        controller.abort(error);
        this.finish(error);
      }
      return;
    }
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
    if (this.held !== undefined && !this.finished) {
      this.sendHeld(this.held);
      return;
    }
    if (this.sink !== undefined && !this.ended && !this.finished) {
      this.ended = true;
      this.writeHead();
      this.sink.end();
    }
    this.finish(undefined);
  }

  /** Sends a held body, rewritten, with its new Content-Length (or fails the exchange). */
  private sendHeld(held: { readonly rewrite: WholeBodyRewrite; readonly chunks: Buffer[] }): void {
    let body: Buffer;
    try {
      body = held.rewrite.rewrite(Buffer.concat(held.chunks));
    } catch (error) {
      this.finish(error instanceof Error ? error : new AnswerRewriteError(String(error)));
      return;
    }
    const answer = this.answer!;
    this.answer = { ...answer, headers: { ...answer.headers, 'content-length': body.length } };
    this.ended = true;
    this.writeHead();
    this.res.end(body);
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
