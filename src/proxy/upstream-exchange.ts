/**
 * One proxied exchange: the upstream's response is written to the client as it arrives, with
 * backpressure both ways; a client that goes away aborts the upstream request at once.
 */
import type { ProxyResponse } from './http1/proxy-response.js';
import type { UpstreamCall, UpstreamHandler } from './upstream/upstream-pool.js';
import type { UpstreamError } from './upstream/upstream-error.js';

/** Where a response body goes: the client's response itself, or a rewriter in front of it. */
export interface BodySink {
  write(chunk: Buffer): boolean;
  end(chunk?: Buffer): void;
  onceDrain(listener: () => void): void;
}

export interface ExchangeHooks {
  /** Response head: write it to the client and return where the body goes. */
  onHead(statusCode: number, headers: Readonly<Record<string, string>>): BodySink | null;
  /** The exchange is over: `error` when it failed before or during the response. */
  onDone(error: UpstreamError | undefined, clientGone: boolean): void;
}

export class UpstreamExchange implements UpstreamHandler {
  private call: UpstreamCall | undefined;
  private sink: BodySink | null = null;
  private clientGone = false;
  private finished = false;
  /** Bytes of a Content-Length body still to come; -1 when unknown. The last chunk goes out with end(). */
  private remaining = -1;
  private ended = false;

  constructor(
    private readonly res: ProxyResponse,
    private readonly hooks: ExchangeHooks,
  ) {
    res.onClose(this.onClientClose);
  }

  /** Binds the upstream call this exchange handles (the pool's answer to `request`). */
  start(call: UpstreamCall): void {
    this.call = call;
  }

  private readonly onClientClose = (): void => {
    if (this.finished) return;
    this.clientGone = true;
    this.call?.abort();
    this.finish(undefined);
  };

  private readonly resume = (): void => {
    this.call?.resume();
  };

  private finish(error: UpstreamError | undefined): void {
    if (this.finished) return;
    this.finished = true;
    this.res.offClose(this.onClientClose);
    this.hooks.onDone(error, this.clientGone);
  }

  onHead(statusCode: number, headers: Readonly<Record<string, string>>): void {
    this.sink = this.hooks.onHead(statusCode, headers);
    const length = headers['content-length'];
    if (this.sink === this.res && length !== undefined) this.remaining = Number(length);
  }

  onData(chunk: Buffer): void {
    const sink = this.sink;
    if (sink === null || this.ended) return;
    if (this.remaining === chunk.length) {
      // The whole (rest of the) body: headers, body and end leave in one write.
      this.ended = true;
      sink.end(chunk);
      this.finish(undefined);
      return;
    }
    if (this.remaining > 0) this.remaining -= chunk.length;
    if (!sink.write(chunk)) {
      this.call?.pause();
      sink.onceDrain(this.resume);
    }
  }

  onEnd(): void {
    const sink = this.sink;
    if (sink !== null && !this.ended) {
      this.ended = true;
      sink.end();
    }
    this.finish(undefined);
  }

  onError(error: UpstreamError): void {
    this.finish(error);
  }
}
