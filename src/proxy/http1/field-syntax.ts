/**
 * RFC 9110/9112 field syntax, shared by the request-head parser, the upstream's response-head
 * parser, the chunked decoder's trailers and the upstream request writer: a name is one or more
 * tchars; a value holds visible ASCII, obs-text, spaces and tabs, and no controls (so no bare CR
 * or LF, no NUL) and no character above 0xff (it could not be written as one byte). Checked by
 * hand on index ranges: this runs for every field of every message.
 */

/** tchar by ASCII code (1 = allowed). */
const TOKEN_CHARS = new Uint8Array(128);
for (const char of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") {
  TOKEN_CHARS[char.charCodeAt(0)] = 1;
}

/** `text[start, end)` is a field name (non-empty, tchars only). */
export function isFieldName(text: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let index = start; index < end; index += 1) {
    const code = text.charCodeAt(index);
    if (code > 127 || TOKEN_CHARS[code] !== 1) return false;
  }
  return true;
}

/** `text[start, end)` is a field value (may be empty). */
export function isFieldValue(text: string, start: number, end: number): boolean {
  for (let index = start; index < end; index += 1) {
    const code = text.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f || code > 0xff) return false;
  }
  return true;
}

const isBlank = (code: number) => code === 0x20 || code === 0x09;

export interface FieldLinesFault {
  /** "Malformed header line|name|value", "Too many headers" or "Repeated <name> header". */
  readonly reason: string;
  readonly tooMany?: true;
}

/**
 * Reads the CRLF-ended field lines in `head[start, end)` into `headers`: names lower-cased,
 * values trimmed, a repeated field joined with ", " unless it is one of `singletons`.
 */
export function readFieldLines(
  head: string,
  start: number,
  end: number,
  headers: Record<string, string>,
  limits: { readonly maxCount: number; readonly singletons: ReadonlySet<string> },
): FieldLinesFault | undefined {
  let count = 0;
  for (let lineStart = start; lineStart < end;) {
    const lineEnd = head.indexOf('\r\n', lineStart);
    count += 1;
    if (count > limits.maxCount) return { reason: 'Too many headers', tooMany: true };
    const colon = head.indexOf(':', lineStart);
    if (colon <= lineStart || colon > lineEnd) return { reason: 'Malformed header line' };
    if (!isFieldName(head, lineStart, colon)) return { reason: 'Malformed header name' };
    let valueStart = colon + 1;
    let valueEnd = lineEnd;
    while (valueStart < valueEnd && isBlank(head.charCodeAt(valueStart))) valueStart += 1;
    while (valueEnd > valueStart && isBlank(head.charCodeAt(valueEnd - 1))) valueEnd -= 1;
    if (!isFieldValue(head, valueStart, valueEnd)) return { reason: 'Malformed header value' };
    const name = head.slice(lineStart, colon).toLowerCase();
    const value = head.slice(valueStart, valueEnd);
    const previous = headers[name];
    if (previous === undefined) headers[name] = value;
    else if (limits.singletons.has(name)) return { reason: `Repeated ${name} header` };
    else headers[name] = `${previous}, ${value}`;
    lineStart = lineEnd + 2;
  }
  return undefined;
}

/** Whether the connection closes after this message, from its Connection field (RFC 9112 §9.3). */
export function closesAfter(connection: string | undefined, http10: boolean): boolean {
  const options = connection?.toLowerCase() ?? '';
  return http10 ? !/(^|,)\s*keep-alive\s*(,|$)/.test(options) : /(^|,)\s*close\s*(,|$)/.test(options);
}
