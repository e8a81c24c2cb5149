/** Validation of what users type for connections and accounts: names, upstream URLs, quota numbers. */
import { KeyportError } from '../errors.js';
import { NAME_PATTERN } from '../store/name-pattern.js';

/** `none` means "no account" on the command line, so no account may be called that. */
export const RESERVED_ACCOUNT_NAMES: readonly string[] = ['none'];

export function validateName(name: string, what: 'connection' | 'account' | 'client' = 'connection'): string {
  if (!NAME_PATTERN.test(name)) {
    throw new KeyportError(
      'INVALID_NAME',
      `The ${what} name "${name.slice(0, 70)}" is not allowed: use 1–64 lowercase letters, digits and dashes, ` +
        'starting and ending with a letter or digit (e.g. "github" or "acme-prod").',
    );
  }
  if (what === 'account' && RESERVED_ACCOUNT_NAMES.includes(name)) {
    throw new KeyportError(
      'INVALID_NAME',
      `"${name}" is reserved (it means "no account"); choose another account name.`,
    );
  }
  return name;
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** An upstream MCP URL: https, or http only on a loopback host; no credentials in it. Returns it normalised. */
export function validateUpstreamUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new KeyportError(
      'INVALID_URL',
      `"${input.slice(0, 100)}" is not a URL; give the server's MCP endpoint, e.g. https://mcp.example.com/mcp.`,
    );
  }
  if (url.username || url.password) {
    throw new KeyportError(
      'INVALID_URL',
      'The URL contains a user name or password; remove it — Keyport sends the token in a header, never in a URL.',
    );
  }
  if (url.protocol === 'https:') return url.href;
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) return url.href;
    throw new KeyportError(
      'INVALID_URL',
      `Refusing plain http to ${url.host}: the token would travel unencrypted. Use https:// ` +
        '(plain http is allowed only for localhost, 127.0.0.1 and [::1]).',
    );
  }
  throw new KeyportError('INVALID_URL', `Unsupported URL scheme ${url.protocol}; use https://.`);
}

/** A quota limit: a positive whole number of calls per period. */
export function validateQuotaLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit <= 0) {
    throw new KeyportError(
      'INVALID_INPUT',
      `The quota must be a positive whole number of calls per period, not ${limit}.`,
    );
  }
  return limit;
}
