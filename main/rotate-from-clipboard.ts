/**
 * Tray → "Rotate from clipboard": read the new token from the clipboard, check that its format
 * matches the connection's provider, rotate (which verifies against the upstream before the
 * swap), clear the clipboard only if it still holds that token, and offer Undo (rollback).
 * Every failure ends in a notification that says what to do. The token is never logged, never
 * put in a notification, and never kept beyond this call.
 */
import type { TokenSummary } from '../src/contract/dto.js';
import { KeyportError, toErrorInfo, type ErrorInfo } from '../src/errors.js';
import type { TokenOperations } from './services.js';

/** What the token format table says about a pasted token (validated, trimmed). */
export interface InspectedToken {
  readonly token: string;
  readonly provider: string;
  readonly kind: string;
  readonly masked: string;
}

/** Electron's clipboard is asynchronous (readText/writeText return promises). */
export interface ClipboardAccess {
  readText(): Promise<string>;
  clear(): void;
}

export interface RotateNotification {
  readonly title: string;
  readonly body: string;
  /** Offered as a button (macOS) and on click: undo the rotation. */
  readonly undo?: () => void;
}

export interface RotateFromClipboardOptions {
  readonly name: string;
  readonly clipboard: ClipboardAccess;
  readonly tokens: Pick<TokenOperations, 'list' | 'rotate' | 'rollback'>;
  /**
   * Validates and classifies against the format table (the provider may depend on the
   * connection's upstream URL); throws KeyportError('INVALID_TOKEN', …) without echoing the token.
   */
  readonly inspect: (raw: string, upstreamUrl: string) => InspectedToken;
  readonly notify: (notification: RotateNotification) => void;
}

export type RotateFromClipboardResult =
  { readonly ok: true; readonly summary: TokenSummary } | { readonly ok: false; readonly error: ErrorInfo };

/** The literal prefix of a masked token (`sk_live_…x7z9` → `sk_live_`). */
function maskedPrefix(masked: string): string {
  const cut = masked.indexOf('…');
  return cut < 0 ? '' : masked.slice(0, cut);
}

/** Unknown formats (generic bearer tokens) cannot be checked, so any well-formed token fits them. */
function formatMatches(current: TokenSummary, next: InspectedToken): boolean {
  if (current.kind === 'bearer') return true;
  return (
    current.provider === next.provider &&
    current.kind === next.kind &&
    maskedPrefix(current.masked) === maskedPrefix(next.masked)
  );
}

async function rotate(options: RotateFromClipboardOptions): Promise<TokenSummary> {
  const { name, clipboard } = options;
  const raw = await clipboard.readText();
  if (raw.trim() === '') {
    throw new KeyportError('INVALID_TOKEN', `The clipboard is empty: copy the new token for ${name}, then try again.`);
  }
  const current = (await options.tokens.list()).find((token) => token.name === name);
  if (current === undefined) {
    throw new KeyportError('NOT_FOUND', `No connection named ${name}; it may have been removed.`);
  }
  let next: InspectedToken;
  try {
    next = options.inspect(raw, current.url);
  } catch (error) {
    const reason = error instanceof KeyportError ? ` (${error.message})` : '';
    throw new KeyportError(
      'INVALID_TOKEN',
      `The clipboard does not hold a token${reason}. Copy the new token and try again.`,
    );
  }
  if (!formatMatches(current, next)) {
    const described = (token: { provider: string; kind: string; masked: string }) =>
      `${token.provider} ${token.kind} token (${maskedPrefix(token.masked) || 'no known prefix'}…)`;
    throw new KeyportError(
      'INVALID_TOKEN',
      `The clipboard holds a ${described(next)}, but ${name} uses a ${described(current)}. Copy the right token and try again.`,
    );
  }
  if (next.masked === current.masked) {
    throw new KeyportError(
      'INVALID_TOKEN',
      `The clipboard holds the token ${name} already uses (${current.masked}). Create a new token at the provider first.`,
    );
  }
  const summary = await options.tokens.rotate({ name, token: next.token, verify: true });
  // Clear only what we read: if the user copied something else meanwhile, leave it alone.
  if ((await clipboard.readText()) === raw) clipboard.clear();
  return summary;
}

export async function rotateFromClipboard(options: RotateFromClipboardOptions): Promise<RotateFromClipboardResult> {
  const { name, notify } = options;
  try {
    const summary = await rotate(options);
    notify({
      title: `${name} rotated`,
      body: `Now using ${summary.masked}. Clients keep working; undo within 24 hours if something breaks.`,
      undo: () => void undoRotation(options),
    });
    return { ok: true, summary };
  } catch (error) {
    const info = toErrorInfo(error);
    notify({ title: `${name} was not rotated`, body: info.message });
    return { ok: false, error: info };
  }
}

export async function undoRotation(
  options: Pick<RotateFromClipboardOptions, 'name' | 'tokens' | 'notify'>,
): Promise<RotateFromClipboardResult> {
  try {
    const summary = await options.tokens.rollback(options.name);
    options.notify({ title: `${options.name} rolled back`, body: `Back to ${summary.masked}.` });
    return { ok: true, summary };
  } catch (error) {
    const info = toErrorInfo(error);
    options.notify({ title: `${options.name} could not be rolled back`, body: info.message });
    return { ok: false, error: info };
  }
}
