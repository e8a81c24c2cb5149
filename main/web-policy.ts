/**
 * The window's web policy as pure data and predicates: the Content-Security-Policy, which
 * page is the app's own, and which external links may open in the user's browser.
 */
import { pathToFileURL } from 'node:url';

/** Scripts, styles and everything else from the app's own files only; nothing inline, no eval, no network. */
const CSP_DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
];

/** The policy as a response header (set on every response the window's session receives). */
export const CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.join('; ');

/**
 * The same policy for the page's own `<meta http-equiv>` tag, which the renderer build injects
 * (renderer/csp-plugin.ts). The window loads index.html from a file:// URL, which carries no
 * response headers, so this is the policy that actually applies there. `frame-ancestors` is
 * ignored (with a console warning) in a meta tag, so it is left out.
 */
export const META_CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.filter(
  (directive) => !directive.startsWith('frame-ancestors'),
).join('; ');

export type ResponseHeaders = Record<string, string[]>;

/** Response headers with our CSP replacing any the response carried (case-insensitively). */
export function withContentSecurityPolicy(headers: Readonly<ResponseHeaders> | undefined): ResponseHeaders {
  const result: ResponseHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  result['X-Content-Type-Options'] = ['nosniff'];
  return result;
}

/** The file URL of the renderer's index.html, which is the only page the window may show. */
export function appPageUrl(indexHtmlPath: string): string {
  return pathToFileURL(indexHtmlPath).href;
}

/** True when `url` is the app's own page (any hash or query, e.g. client-side routes). */
export function isAppUrl(url: string | null | undefined, appUrl: string): boolean {
  if (typeof url !== 'string') return false;
  try {
    const candidate = new URL(url);
    const expected = new URL(appUrl);
    return (
      candidate.protocol === 'file:' && candidate.host === expected.host && candidate.pathname === expected.pathname
    );
  } catch {
    return false;
  }
}

/**
 * External links open in the user's browser only when they are https and their origin is
 * on the allowlist (the providers' token pages). Credentials in the URL are refused.
 */
export function isAllowedExternalUrl(url: string, allowedOrigins: ReadonlySet<string>): boolean {
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === 'https:' &&
      parsed.username === '' &&
      parsed.password === '' &&
      allowedOrigins.has(parsed.origin)
    );
  } catch {
    return false;
  }
}

/** The origins of the given https URLs (invalid or non-https entries are skipped). */
export function originsOf(urls: Iterable<string>): Set<string> {
  const origins = new Set<string>();
  for (const url of urls) {
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'https:') origins.add(parsed.origin);
    } catch {
      // not a URL: not allowed
    }
  }
  return origins;
}
