/**
 * The response side of one exchange on the proxy's listener, written straight to the socket:
 * the head is held until the first body bytes (or end) so small answers leave in one write;
 * a body of unknown length is chunked (HTTP/1.1) or ends with the connection (HTTP/1.0).
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

export type OutgoingHeaders = Readonly<Record<string, string | number | readonly string[]>>;

/** What the connection learns when the response is over. */
export interface ResponseOwner {
  responseDone(closeAfter: boolean): void;
  /** True while the request body is not (fully) read: the connection closes after the response. */
  bodyUnread(): boolean;
}

const UNSAFE = /[\r\n\0]/;
const LENGTH = /^[0-9]{1,15}$/;
const CHUNK_END = Buffer.from('0\r\n\r\n', 'latin1');
const CRLF = Buffer.from('\r\n', 'latin1');

export class ProxyResponse {
  headersSent = false;
  finished = false;
  private head: string | undefined;
  private framing: 'none' | 'length' | 'chunked' | 'close' = 'none';
  private closeAfter: boolean;
  private readonly closeListeners: Array<() => void> = [];

  constructor(
    private readonly socket: Socket,
    private readonly owner: ResponseOwner,
    private readonly options: { readonly head: boolean; readonly http10: boolean; readonly close: boolean },
  ) {
    this.closeAfter = options.close;
  }

  /** Marks the connection to close once this response is out (e.g. a request body was left unread). */
  closeAfterResponse(): void {
    this.closeAfter = true;
  }

  writeHead(status: number, headers: OutgoingHeaders): void {
    if (this.head !== undefined || this.headersSent) return;
    let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}\r\n`;
    let length: string | undefined;
    for (const name in headers) {
      const value = headers[name]!;
      if (name === 'transfer-encoding') continue;
      if (name === 'connection') {
        if (String(value).toLowerCase() === 'close') this.closeAfter = true;
        continue;
      }
      for (const item of Array.isArray(value) ? value : [value]) {
        const text = String(item);
        if (UNSAFE.test(name) || UNSAFE.test(text)) continue;
        if (name === 'content-length') {
          if (!LENGTH.test(text) || length !== undefined) continue;
          length = text;
        }
        head += `${name}: ${text}\r\n`;
      }
    }
    const bodiless = this.options.head || status === 204 || status === 304 || status < 200;
    if (bodiless) this.framing = 'none';
    else if (length !== undefined) this.framing = 'length';
    else if (this.options.http10) {
      this.framing = 'close';
      this.closeAfter = true;
    } else {
      this.framing = 'chunked';
      head += 'transfer-encoding: chunked\r\n';
    }
    if (!this.closeAfter && this.owner.bodyUnread()) this.closeAfter = true;
    if (this.closeAfter) head += 'connection: close\r\n';
    // An HTTP/1.0 client keeps the connection only when the answer confirms it.
    else if (this.options.http10) head += 'connection: keep-alive\r\n';
    this.head = `${head}\r\n`;
  }

  /** Sends the head now (an SSE stream should reach the client before its first event). */
  flushHeaders(): void {
    this.sendHead();
  }

  private sendHead(): void {
    if (this.headersSent || this.head === undefined) return;
    this.headersSent = true;
    this.socket.write(this.head, 'latin1');
    this.head = undefined;
  }

  /** False when the socket's buffer is full: wait for `onceDrain`. */
  write(chunk: Buffer): boolean {
    if (this.finished || this.socket.destroyed) return true;
    if (this.framing === 'none' || chunk.length === 0) {
      this.sendHead();
      return true;
    }
    this.socket.cork();
    this.sendHead();
    let ok: boolean;
    if (this.framing === 'chunked') {
      this.socket.write(`${chunk.length.toString(16)}\r\n`, 'latin1');
      this.socket.write(chunk);
      ok = this.socket.write(CRLF);
    } else ok = this.socket.write(chunk);
    this.socket.uncork();
    return ok;
  }

  end(chunk?: Buffer | string): void {
    if (this.finished) return;
    this.socket.cork();
    if (chunk !== undefined) this.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    else this.sendHead();
    if (this.framing === 'chunked' && !this.socket.destroyed) this.socket.write(CHUNK_END);
    this.socket.uncork();
    this.finished = true;
    this.owner.responseDone(this.closeAfter || this.framing === 'close');
  }

  /** Drops the connection (a response that failed half-way cannot be finished honestly). */
  destroy(): void {
    this.finished = true;
    this.socket.destroy();
  }

  onceDrain(listener: () => void): void {
    this.socket.once('drain', listener);
  }

  /** Called when the client goes away before the response is finished. */
  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  offClose(listener: () => void): void {
    const index = this.closeListeners.indexOf(listener);
    if (index !== -1) this.closeListeners.splice(index, 1);
  }

  /** The socket closed: tell whoever is still producing this response. */
  socketClosed(): void {
    if (this.finished) return;
    this.finished = true;
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}
