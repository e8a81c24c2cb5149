/**
 * Text that came from a request (a JSON-RPC method, a tool name) or from an upstream (a server's
 * name) is printed with its control characters escaped: raw, an escape sequence in a tool name
 * could clear the screen, move the cursor or fake log lines, and a bidi override could make a
 * line read differently from what it says. C0 and C1 controls, DEL, the line and paragraph
 * separators and the bidi embeddings, overrides and isolates become `\xNN` / `\uNNNN`.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
