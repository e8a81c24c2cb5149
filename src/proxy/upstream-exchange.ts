/**
 * One proxied exchange on undici's dispatch API (no intermediate streams): the upstream's
 * response is written to the client as it arrives, with backpressure both ways; a client that
 * goes away aborts the upstream request at once.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { ProxyResponse } from './http1/proxy-response.js';

/** Where a response body goes: the client's response itself, or a rewriter in front of it. */
export interface BodySink {
  write(chunk: Buffer): boolean;
  end(chunk?: Buffer): void;
  onceDrain(listener: () => void): void;
}

export interface ExchangeHooks {
  /** Response head: write it to the client and return where the body goes. */
  onHead(statusCode: number, headers: IncomingHttpHeaders): BodySink | null;
  /** The exchange is over: `error` when it failed before or during the response. */
  onDone(error: Error | undefined, clientGone: boolean): void;
}

class ClientGoneError extends Error {
  constructor() {
    super('The client closed the connection.');
    this.name = 'ClientGoneError';
  }
}

export class UpstreamExchange implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
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

  private readonly onClientClose = (): void => {
    if (this.finished) return;
    this.clientGone = true;
    this.controller?.abort(new ClientGoneError());
  };

  private readonly resume = (): void => {
    this.controller?.resume();
  };

  private finish(error: Error | undefined): void {
    if (this.finished) return;
    this.finished = true;
    this.res.offClose(this.onClientClose);
    this.hooks.onDone(error, this.clientGone);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.clientGone) controller.abort(new ClientGoneError());
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    if (statusCode < 200) return;
    this.sink = this.hooks.onHead(statusCode, headers);
    const length = headers['content-length'];
    if (this.sink === this.res && typeof length === 'string') this.remaining = Number(length);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
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
      controller.pause();
      sink.onceDrain(this.resume);
    }
  }

  onResponseEnd(): void {
    const sink = this.sink;
    if (sink === null) {
      this.finish(undefined);
      return;
    }
    if (!this.ended) {
      this.ended = true;
      sink.end();
    }
    this.finish(undefined);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.finish(error);
  }
}
