/**
 * An incremental, strict decoder for a chunked body: sizes in hex, extensions allowed but
 * bounded, CRLF exactly where RFC 9112 puts it, trailers read and dropped. Fed one socket read
 * at a time; stops at the end of the body so a pipelined message after it is left alone.
 * A request body is collected whole (up to a limit); a response body streams to `onData`.
 */
import { isFieldName, isFieldValue } from './field-syntax.js';

/** A chunk-size line or trailer line longer than this is refused (the oversized-extension attack). */
export const MAX_CHUNK_LINE = 4096;
const MAX_TRAILER_BYTES = 8192;
// Whitespace (BWS) only before an extension's ";": a bare "5 " is malformed, as node:http says too.
const SIZE_LINE = /^([0-9a-fA-F]{1,8})(?:[ \t]*;[\t\x20-\x7e]*)?$/;

export type PushResult =
  | { readonly kind: 'more' }
  | { readonly kind: 'done'; readonly body: Buffer; readonly consumed: number }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'bad'; readonly reason: string };

const MORE: PushResult = { kind: 'more' };
const EMPTY = Buffer.alloc(0);

export class ChunkedBodyDecoder {
  private state: 'size' | 'data' | 'data-cr' | 'data-lf' | 'trailer' = 'size';
  private line = '';
  private remaining = 0;
  private trailerBytes = 0;
  private size = 0;
  private readonly parts: Buffer[] = [];

  /** With `onData`, each piece of data is handed over as it is decoded and `done` has an empty body. */
  constructor(
    private readonly limit: number,
    private readonly onData?: (chunk: Buffer) => void,
  ) {}

  /** Consumes bytes from `input`; on `done`, `consumed` says where the body ended within it. */
  push(input: Buffer): PushResult {
    let offset = 0;
    while (offset < input.length) {
      switch (this.state) {
        case 'size':
        case 'trailer': {
          const newline = input.indexOf(10, offset);
          const end = newline === -1 ? input.length : newline + 1;
          this.line += input.toString('latin1', offset, end);
          offset = end;
          if (this.line.length > MAX_CHUNK_LINE) return { kind: 'bad', reason: 'Chunk line too long' };
          if (newline === -1) return MORE;
          if (!this.line.endsWith('\r\n')) return { kind: 'bad', reason: 'Chunk line not ended by CRLF' };
          const text = this.line.slice(0, -2);
          this.line = '';
          const outcome = this.state === 'size' ? this.onSizeLine(text) : this.onTrailerLine(text);
          if (outcome === 'done') {
            const body = this.onData === undefined ? Buffer.concat(this.parts, this.size) : EMPTY;
            return { kind: 'done', body, consumed: offset };
          }
          if (outcome !== undefined) return outcome;
          break;
        }
        case 'data': {
          const take = Math.min(this.remaining, input.length - offset);
          const data = input.subarray(offset, offset + take);
          if (this.onData === undefined) this.parts.push(data);
          else this.onData(data);
          offset += take;
          this.remaining -= take;
          if (this.remaining === 0) this.state = 'data-cr';
          break;
        }
        case 'data-cr':
        case 'data-lf': {
          const expected = this.state === 'data-cr' ? 13 : 10;
          if (input[offset] !== expected) return { kind: 'bad', reason: 'Chunk data not followed by CRLF' };
          offset += 1;
          this.state = this.state === 'data-cr' ? 'data-lf' : 'size';
          break;
        }
      }
    }
    return MORE;
  }

  private onSizeLine(text: string): PushResult | undefined {
    const match = SIZE_LINE.exec(text);
    if (match === null) return { kind: 'bad', reason: 'Malformed chunk size' };
    const chunkSize = Number.parseInt(match[1]!, 16);
    if (chunkSize === 0) {
      this.state = 'trailer';
      return undefined;
    }
    this.size += chunkSize;
    if (this.size > this.limit) return { kind: 'too-large' };
    this.remaining = chunkSize;
    this.state = 'data';
    return undefined;
  }

  private onTrailerLine(text: string): PushResult | 'done' | undefined {
    if (text === '') return 'done';
    this.trailerBytes += text.length;
    const colon = text.indexOf(':');
    const wellFormed = colon > 0 && isFieldName(text, 0, colon) && isFieldValue(text, colon + 1, text.length);
    if (this.trailerBytes > MAX_TRAILER_BYTES || !wellFormed) {
      return { kind: 'bad', reason: 'Malformed or oversized trailer' };
    }
    return undefined;
  }
}
