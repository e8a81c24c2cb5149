/**
 * The proxy side of the bridge: MCP Streamable HTTP (client role) over the same undici client the
 * proxy uses for upstreams (net/), straight to 127.0.0.1 (never an outbound proxy), keep-alive. POSTs each message; a JSON or SSE response is delivered message by
 * message as it arrives; `Mcp-Session-Id` and `MCP-Protocol-Version` are carried; after
 * `notifications/initialized` it opens the optional GET stream for server-initiated messages.
 * Implements the SDK's Transport interface without loading the SDK at run time (start-up cost).
 */
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { createUpstreamClient, type OpenUpstream } from '../net/upstream-client.js';
import { loadRequest } from '../net/undici.js';

/** What the proxy answered: status, headers, and the body as a stream. */
interface RelayResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Readable;
}

/** The proxy answered with a non-2xx status; `body` is its text (a JSON-RPC error from Keyport's proxy). */
export class ProxyHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`The proxy answered HTTP ${status}`);
    this.name = 'ProxyHttpError';
  }
}

export interface HttpRelayOptions {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly sessionId?: string;
  readonly protocolVersion?: string;
  /** Reconnect attempts for the GET stream after it drops (default 3). */
  readonly streamRetries?: number;
}

const MAX_ERROR_BODY = 64 * 1024;

export class HttpRelayTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  sessionId: string | undefined;
  private protocolVersion: string | undefined;
  private readonly proxy: OpenUpstream;
  /** Response streams still being read (SSE answers to POSTs, and the GET stream). */
  private readonly open = new Set<Readable>();
  private stream: Readable | undefined;
  /** The server accepted `initialized`: keep a GET stream open (re-opened after a proxy restart). */
  private wantStream = false;
  private streamOpening = false;
  private pending = 0;
  private closed = false;

  constructor(private readonly options: HttpRelayOptions) {
    this.sessionId = options.sessionId;
    this.protocolVersion = options.protocolVersion;
    // The local proxy is on loopback: no outbound proxy, whatever the environment says.
    this.proxy = createUpstreamClient({ env: {}, proxySetting: () => 'none' }).open({
      url: options.url.href,
      ca: null,
    });
  }

  setProtocolVersion(version: string): void {
    this.protocolVersion = version;
  }

  async start(): Promise<void> {}

  private headers(accept: string): Record<string, string> {
    return {
      ...this.options.headers,
      accept,
      ...(this.sessionId === undefined ? {} : { 'mcp-session-id': this.sessionId }),
      ...(this.protocolVersion === undefined ? {} : { 'mcp-protocol-version': this.protocolVersion }),
    };
  }

  private exchange(method: 'POST' | 'GET', headers: Record<string, string>, body?: string): Promise<RelayResponse> {
    const url = this.options.url;
    return loadRequest().call(this.proxy.dispatcher, {
      origin: url.origin,
      path: url.pathname + url.search,
      method,
      headers,
      body: body ?? null,
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) throw new Error('The relay transport is closed.');
    this.pending += 1;
    try {
      await this.post(message);
    } finally {
      this.pending -= 1;
      this.releaseWhenIdle();
    }
  }

  private async post(message: JSONRPCMessage): Promise<void> {
    const body = JSON.stringify(message);
    const headers = {
      ...this.headers('application/json, text/event-stream'),
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
    };
    const res = await this.exchange('POST', headers, body);
    const session = res.headers['mcp-session-id'];
    if (typeof session === 'string') this.sessionId = session;
    const status = res.statusCode;
    if (status < 200 || status >= 300) throw new ProxyHttpError(status, await readText(res.body, MAX_ERROR_BODY));
    const contentType = res.headers['content-type'];
    const type = (typeof contentType === 'string' ? contentType : '').split(';')[0]?.trim().toLowerCase();
    if ('method' in message && message.method === 'notifications/initialized') this.wantStream = true;
    if (this.wantStream && this.stream === undefined && !this.streamOpening) this.openStream(0);
    if (status === 202 || !('id' in message) || !('method' in message)) {
      res.body.resume();
      return;
    }
    if (type === 'text/event-stream') {
      this.consumeEvents(res.body);
      return;
    }
    const text = await readText(res.body, Number.POSITIVE_INFINITY);
    const parsed = JSON.parse(text) as JSONRPCMessage | JSONRPCMessage[];
    for (const each of Array.isArray(parsed) ? parsed : [parsed]) this.onmessage?.(each);
  }

  /** The optional GET stream (server-initiated messages); 405 means the server has none. */
  private openStream(attempt: number): void {
    if (this.closed) return;
    this.streamOpening = true;
    this.exchange('GET', this.headers('text/event-stream'))
      .then((res) => {
        this.streamOpening = false;
        if (res.statusCode === 405) this.wantStream = false;
        if (res.statusCode !== 200 || this.closed) {
          res.body.resume();
          return;
        }
        this.stream = res.body;
        this.consumeEvents(res.body, () => {
          if (attempt < (this.options.streamRetries ?? 3)) setTimeout(() => this.openStream(attempt + 1), 1000).unref();
        });
      })
      .catch((error: unknown) => {
        this.streamOpening = false;
        this.onerror?.(error instanceof Error ? error : new Error(String(error)));
      });
  }

  /** Parses an SSE body event by event and delivers each `message` event's data as it arrives. */
  private consumeEvents(res: Readable, onEnd?: () => void): void {
    this.open.add(res);
    const decoder = new StringDecoder('utf8');
    let buffer = '';
    res.on('data', (chunk: Buffer) => {
      buffer += decoder.write(chunk).replace(/\r\n?/g, '\n');
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        this.deliverEvent(block);
      }
    });
    const finish = () => {
      if (!this.open.delete(res)) return;
      if (this.stream === res) this.stream = undefined;
      if (!this.closed) onEnd?.();
      this.releaseWhenIdle();
    };
    res.once('end', finish);
    res.once('close', finish);
    res.once('error', (error) => this.onerror?.(error));
  }

  private deliverEvent(block: string): void {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (event !== 'message' || data.length === 0) return;
    try {
      this.onmessage?.(JSON.parse(data.join('\n')) as JSONRPCMessage);
    } catch {
      this.onerror?.(new Error('The proxy sent an event that is not JSON; it was dropped.'));
    }
  }

  /**
   * Stops the GET stream and takes no new messages; answers already on their way (a session
   * being replaced, a bridge shutting down) still arrive, then the sockets close.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stream?.destroy();
    this.releaseWhenIdle();
    this.onclose?.();
  }

  private releaseWhenIdle(): void {
    if (this.closed && this.pending === 0 && this.open.size === 0) void this.proxy.destroy();
  }
}

function readText(res: Readable, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const decoder = new StringDecoder('utf8');
    let text = '';
    res.on('data', (chunk: Buffer) => {
      if (text.length < limit) text += decoder.write(chunk);
    });
    res.once('end', () => resolve((text + decoder.end()).slice(0, limit)));
    res.once('error', reject);
  });
}
