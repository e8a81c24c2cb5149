/**
 * RFC 9110 field syntax, shared by the request-head parser and the chunked decoder's trailers:
 * a name is one or more tchars; a value holds visible ASCII, obs-text, spaces and tabs, and no
 * controls (so no bare CR or LF, no NUL). Checked by hand on index ranges: this runs for every
 * field of every request.
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
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return false;
  }
  return true;
}
