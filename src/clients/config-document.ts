/**
 * A client config file as text: parse it (JSON, or JSONC where the client allows comments),
 * read its server entries, and edit entries with jsonc-parser so every other byte — other
 * entries, comments, key order, indentation — stays as it was.
 */
import { applyEdits, modify, parse, printParseErrorCode, type FormattingOptions, type ParseError } from 'jsonc-parser';
import { KeyportError } from '../errors.js';
import type { ClientRow } from './client-table.js';
import { isJsonObject, type JsonObject } from './entry-shape.js';

export interface ParsedConfig {
  readonly root: JsonObject;
  /** Entries under the row's servers key (empty when the key is missing). */
  readonly servers: Readonly<Record<string, unknown>>;
}

export function parseConfig(text: string | null, row: ClientRow, path: string): ParsedConfig {
  if (text === null || text.trim() === '') return { root: {}, servers: {} };
  const errors: ParseError[] = [];
  const root: unknown = parse(text, errors, {
    disallowComments: !row.allowsComments,
    allowTrailingComma: row.allowsComments,
  });
  const first = errors[0];
  if (first !== undefined) {
    const line = text.slice(0, first.offset).split('\n').length;
    throw new KeyportError(
      'CLIENT_CONFIG',
      `${path} is not valid ${row.allowsComments ? 'JSON with comments' : 'JSON'} (${printParseErrorCode(first.error)} on line ${line}); fix the file, then retry.`,
    );
  }
  if (!isJsonObject(root)) {
    throw new KeyportError('CLIENT_CONFIG', `${path} does not hold a JSON object; fix the file, then retry.`);
  }
  const servers = root[row.serversKey];
  if (servers !== undefined && !isJsonObject(servers)) {
    throw new KeyportError(
      'CLIENT_CONFIG',
      `"${row.serversKey}" in ${path} is not an object; fix the file, then retry.`,
    );
  }
  return { root, servers: servers ?? {} };
}

/** Indentation and line ending as the file already uses them (2 spaces and \n for a new file). */
export function detectFormatting(text: string | null): FormattingOptions {
  const eol = text?.includes('\r\n') ? '\r\n' : '\n';
  const indented = text ? /\n([ \t]+)\S/.exec(text)?.[1] : undefined;
  if (indented?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indented ? indented.length : 2, eol };
}

export interface EntryChange {
  readonly key: string;
  /** The new entry, or undefined to remove it. */
  readonly value: JsonObject | undefined;
}

/** Applies entry changes to the text; returns the new text (a new file when `text` is null). */
export function editEntries(text: string | null, row: ClientRow, changes: readonly EntryChange[]): string {
  const formattingOptions = detectFormatting(text);
  let current = text === null || text.trim() === '' ? '{}' : text;
  for (const change of changes) {
    const edits = modify(current, [row.serversKey, change.key], change.value, { formattingOptions });
    current = applyEdits(current, edits);
  }
  if (text === null || text.trim() === '') current += formattingOptions.eol ?? '\n';
  return current;
}
