/**
 * Whether a JSON text (already accepted by JSON.parse) writes some key twice in one object.
 * JSON.parse keeps the last one; a server's parser might keep the first, and then a tools/call
 * would run another tool than the one the tool policy judged. A scan of the text, not a parser: on
 * valid JSON only strings, brackets and commas matter (keys are decoded with JSON.parse itself).
 * Checked against jsonc-parser's tree in the tests; the proxy does not load that library.
 */
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

interface Level {
  readonly keys: Set<string> | undefined;
  expectKey: boolean;
}

export function hasRepeatedKey(json: string): boolean {
  const stack: Level[] = [];
  for (let index = 0; index < json.length; index += 1) {
    const char = json.charCodeAt(index);
    if (char === QUOTE) {
      let end = index + 1;
      while (json.charCodeAt(end) !== QUOTE) end += json.charCodeAt(end) === BACKSLASH ? 2 : 1;
      const top = stack.at(-1);
      if (top?.keys !== undefined && top.expectKey) {
        const key = JSON.parse(json.slice(index, end + 1)) as string;
        if (top.keys.has(key)) return true;
        top.keys.add(key);
        top.expectKey = false;
      }
      index = end;
    } else if (char === 0x7b /* { */) {
      stack.push({ keys: new Set(), expectKey: true });
    } else if (char === 0x5b /* [ */) {
      stack.push({ keys: undefined, expectKey: false });
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      stack.pop();
    } else if (char === 0x2c /* , */) {
      const top = stack.at(-1);
      if (top?.keys !== undefined) top.expectKey = true;
    }
  }
  return false;
}
