/**
 * Server-sent events as the SSE specification reads them (and the MCP SDK's client, through
 * eventsource-parser): lines end with CRLF, LF or CR; an empty line ends an event; `data:` fields
 * (one optional space after the colon) join with LF; lines starting with `:` are comments; one
 * leading BOM of the stream is not part of the first field. Events are cut from the raw bytes so
 * that an event the proxy leaves alone passes byte for byte.
 */

const LF = 0x0a;
const CR = 0x0d;
const BOM = '\ufeff';

/** Cuts a byte stream into raw events, each with the empty line that ends it. */
export class SseEventSplitter {
  private pending: Buffer = Buffer.alloc(0);
  /** Where the scan goes on, and where the line under it began. */
  private scanned = 0;
  private lineStart = 0;

  /** Bytes held for an event not yet complete. */
  get pendingBytes(): number {
    return this.pending.length;
  }

  /** The complete events `chunk` finishes, in order; the rest waits for more bytes. */
  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const events: Buffer[] = [];
    let start = 0;
    let index = this.scanned;
    const bytes = this.pending;
    while (index < bytes.length) {
      const byte = bytes[index]!;
      if (byte !== LF && byte !== CR) {
        index += 1;
        continue;
      }
      // A CR that ends the bytes so far may be the first half of a CRLF: wait for the next byte.
      if (byte === CR && index + 1 === bytes.length) break;
      const end = index + (byte === CR && bytes[index + 1] === LF ? 2 : 1);
      if (index === this.lineStart) {
        events.push(bytes.subarray(start, end));
        start = end;
      }
      this.lineStart = end;
      index = end;
    }
    this.pending = bytes.subarray(start);
    this.scanned = index - start;
    this.lineStart -= start;
    return events;
  }

  /** The bytes of an unfinished last event (the stream ended), and a fresh start. */
  rest(): Buffer {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    this.scanned = 0;
    this.lineStart = 0;
    return rest;
  }
}

const LINE_BREAK = /\r\n|\r|\n/;

/**
 * The data of one raw event (`first`: the stream's first event, which may start with a BOM).
 * Undefined when the event carries no `data` field (comments, a lone `id:`).
 */
export function sseEventData(raw: string, first: boolean): string | undefined {
  const text = first && raw.startsWith(BOM) ? raw.slice(1) : raw;
  let data: string[] | undefined;
  for (const line of text.split(LINE_BREAK)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    if (field !== 'data') continue;
    const value = colon === -1 ? '' : line.slice(colon + 1);
    (data ??= []).push(value.startsWith(' ') ? value.slice(1) : value);
  }
  return data?.join('\n');
}

/**
 * The event with its data replaced by `data` (one line: JSON never holds a raw line break), in
 * the place of its first `data` field; every other line (id, event, retry, comments) is kept.
 */
export function withSseEventData(raw: string, data: string, first: boolean): string {
  const bom = first && raw.startsWith(BOM) ? BOM : '';
  const lines = raw.slice(bom.length).split(LINE_BREAK);
  const out: string[] = [];
  let placed = false;
  for (const line of lines) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    const field = line.startsWith(':') ? '' : colon === -1 ? line : line.slice(0, colon);
    if (field !== 'data') {
      out.push(line);
    } else if (!placed) {
      out.push(`data: ${data}`);
      placed = true;
    }
  }
  return `${bom}${out.join('\n')}\n\n`;
}
