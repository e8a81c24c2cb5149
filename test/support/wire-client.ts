/**
 * A raw-socket HTTP/1.1 client for listener tests: write exact bytes, wait until what came back
 * satisfies a predicate, and split the bytes into responses (pipelined, interim, chunked, HEAD).
 */
import { connect, type Socket } from 'node:net';

export interface WireResponse {
  readonly status: number;
  /** Lower-case names; repeated fields joined with ", ". */
  readonly headers: Record<string, string>;
  readonly body: string;
  /** The chunk sizes as sent, for a chunked body. */
  readonly chunks?: readonly number[];
}

export class WireClient {
  private text = '';
  private readonly waiters = new Set<() => void>();
  /** Resolves when the server closes (or resets) the connection. */
  readonly closed: Promise<void>;
  private isClosed = false;

  private constructor(readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.text += chunk;
      for (const waiter of [...this.waiters]) waiter();
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.on('close', () => {
        this.isClosed = true;
        for (const waiter of [...this.waiters]) waiter();
        resolve();
      }),
    );
  }

  static open(port: number): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new WireClient(socket)));
      socket.once('error', reject);
    });
  }

  get received(): string {
    return this.text;
  }

  write(bytes: string): void {
    this.socket.write(bytes, 'latin1');
  }

  /** Waits until the received text satisfies `done`; fails if the connection closes first. */
  until(done: (text: string) => boolean): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (done(this.text)) {
          this.waiters.delete(check);
          resolve(this.text);
        } else if (this.isClosed) {
          this.waiters.delete(check);
          reject(new Error(`connection closed; received ${JSON.stringify(this.text)}`));
        }
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Waits for `count` complete responses (interim 1xx ones included). */
  responses(count: number, methods: readonly string[] = []): Promise<WireResponse[]> {
    return this.until((text) => splitResponses(text, methods).length >= count).then((text) =>
      splitResponses(text, methods),
    );
  }

  /** Everything until the server closes, split into responses. */
  async all(methods: readonly string[] = []): Promise<WireResponse[]> {
    await this.closed;
    return splitResponses(this.text, methods, true);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/**
 * Splits raw response bytes into complete responses. `methods` are the requests' methods in
 * order (HEAD responses carry no body); a body delimited by the close is complete only when
 * `closed` is true.
 */
export function splitResponses(text: string, methods: readonly string[] = [], closed = false): WireResponse[] {
  const out: WireResponse[] = [];
  let offset = 0;
  let request = 0;
  for (;;) {
    const end = text.indexOf('\r\n\r\n', offset);
    if (end === -1) return out;
    const [statusLine, ...lines] = text.slice(offset, end).split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3}) /.exec(statusLine!)?.[1] ?? Number.NaN);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    let cursor = end + 4;
    let body = '';
    let chunks: number[] | undefined;
    const bodiless = status < 200 || status === 204 || status === 304 || (status >= 200 && methods[request] === 'HEAD');
    if (bodiless) {
      // no body
    } else if (headers['transfer-encoding'] === 'chunked') {
      chunks = [];
      for (;;) {
        const lineEnd = text.indexOf('\r\n', cursor);
        if (lineEnd === -1) return out;
        const size = Number.parseInt(text.slice(cursor, lineEnd), 16);
        if (size === 0) {
          if (text.length < lineEnd + 4) return out;
          cursor = lineEnd + 4;
          break;
        }
        if (text.length < lineEnd + 2 + size + 2) return out;
        chunks.push(size);
        body += text.slice(lineEnd + 2, lineEnd + 2 + size);
        cursor = lineEnd + 2 + size + 2;
      }
    } else if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      if (text.length < cursor + length) return out;
      body = text.slice(cursor, cursor + length);
      cursor += length;
    } else {
      if (!closed) return out;
      body = text.slice(cursor);
      cursor = text.length;
    }
    out.push({ status, headers, body, ...(chunks === undefined ? {} : { chunks }) });
    if (status >= 200) request += 1;
    offset = cursor;
  }
}
