/**
 * The stdio side of the bridge: newline-delimited JSON-RPC on stdin/stdout, as the MCP stdio
 * transport defines it. Implements the SDK's Transport interface with no runtime import of
 * the SDK (its schema graph costs ~100 ms of start-up; the bridge relays messages unchanged
 * and the proxy and upstream validate them).
 */
import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

const MAX_LINE_BYTES = 64 * 1024 * 1024;

export class StdioLineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private buffer = '';
  private readonly onData = (chunk: Buffer | string): void => {
    this.buffer += chunk.toString();
    for (let newline = this.buffer.indexOf('\n'); newline >= 0; newline = this.buffer.indexOf('\n')) {
      const line = this.buffer.slice(0, newline).replace(/\r$/, '');
      this.buffer = this.buffer.slice(newline + 1);
      if (line.trim() !== '') this.deliver(line);
    }
    if (this.buffer.length > MAX_LINE_BYTES) {
      this.buffer = '';
      this.onerror?.(new Error('A message on stdin exceeded 64 MiB; it was dropped.'));
    }
  };

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
  ) {}

  private deliver(line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      this.onerror?.(new Error('A line on stdin is not JSON; it was dropped.'));
      return;
    }
    if (typeof message !== 'object' || message === null) {
      this.onerror?.(new Error('A line on stdin is not a JSON-RPC message; it was dropped.'));
      return;
    }
    this.onmessage?.(message as JSONRPCMessage);
  }

  async start(): Promise<void> {
    this.input.on('data', this.onData);
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve) => {
      if (this.output.write(`${JSON.stringify(message)}\n`)) resolve();
      else this.output.once('drain', () => resolve());
    });
  }

  async close(): Promise<void> {
    this.input.off('data', this.onData);
    this.input.pause();
    this.buffer = '';
    this.onclose?.();
  }
}
