/** The characters of `text` a terminal would act on (C0 but tab and newline, DEL, C1, bidi overrides). */
export function controlCharacters(text: string): string[] {
  return [...text].filter((char) => {
    const code = char.charCodeAt(0);
    return (
      (code < 0x20 && char !== '\n' && char !== '\t') ||
      (code >= 0x7f && code <= 0x9f) ||
      (code >= 0x202a && code <= 0x202e) ||
      (code >= 0x2066 && code <= 0x2069)
    );
  });
}
