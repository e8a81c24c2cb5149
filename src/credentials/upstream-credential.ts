/**
 * What a connection adds to each upstream request: headers rendered from its templates, and the
 * query parameter when it has one. Every face that calls an upstream (the proxy, verification, the
 * health check) sends exactly this, so they cannot disagree on where the secret goes.
 */
import type { HeaderTemplate } from '../store/credential-schema.js';
import { DEFAULT_HEADER_TEMPLATES, TOKEN_PLACEHOLDER } from './header-templates.js';

export interface UpstreamCredential {
  /** Lower-case header name → value. */
  readonly headers: Readonly<Record<string, string>>;
  /** `name=value` (encoded) to add to the query string, or null. */
  readonly query: string | null;
  /** The secret itself, only so that messages can be scrubbed of it. Never shown. */
  readonly secret: string;
}

/** Where a connection puts its secret: header templates (null = Authorization: Bearer) and a query parameter. */
export interface CredentialShape {
  readonly headers: readonly HeaderTemplate[] | null;
  readonly queryParam: string | null;
}

export const BEARER_SHAPE: CredentialShape = { headers: null, queryParam: null };

export function renderCredential(secret: string, shape: CredentialShape): UpstreamCredential {
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const header of shape.headers ?? DEFAULT_HEADER_TEMPLATES) {
    headers[header.name] = header.template.split(TOKEN_PLACEHOLDER).join(secret);
  }
  const query =
    shape.queryParam === null ? null : `${encodeURIComponent(shape.queryParam)}=${encodeURIComponent(secret)}`;
  return { headers, query, secret };
}

/** A URL with the credential's query parameter added (for clients that take a URL, e.g. the SDK's). */
export function credentialUrl(url: string, credential: UpstreamCredential): URL {
  const target = new URL(url);
  if (credential.query !== null)
    target.search = target.search ? `${target.search}&${credential.query}` : `?${credential.query}`;
  return target;
}

/** `text` with the secret (raw and URL-encoded) replaced: for any message that might echo a request. */
export function scrubSecret(text: string, credential: Pick<UpstreamCredential, 'secret'>): string {
  const { secret } = credential;
  if (secret === '') return text;
  return text.split(secret).join('[token]').split(encodeURIComponent(secret)).join('[token]');
}
