/**
 * Why an upstream exchange failed, as a code the proxy maps to 502 or 504 (upstream-failure.ts).
 * Socket errors keep the system's code (ECONNREFUSED, ECONNRESET, a TLS code…) and the error as
 * `cause`. Messages name what happened, never a header value.
 */
export type UpstreamErrorCode =
  | 'UPSTREAM_CONNECT_TIMEOUT'
  | 'UPSTREAM_HEADERS_TIMEOUT'
  /** The upstream closed the connection before the response was complete. */
  | 'UPSTREAM_CLOSED'
  /** The response could not be read safely (malformed or ambiguous framing, a head too large). */
  | 'UPSTREAM_BAD_RESPONSE'
  /** A header value or path that cannot be sent (a control character, e.g. a token with a newline). */
  | 'UPSTREAM_INVALID_REQUEST';

export class UpstreamError extends Error {
  readonly code: string;

  constructor(code: UpstreamErrorCode | string, message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = 'UpstreamError';
    this.code = code;
  }
}

/** A socket's error as an UpstreamError with the system's code. */
export function fromSocketError(error: Error): UpstreamError {
  const code = (error as NodeJS.ErrnoException).code ?? 'UPSTREAM_CLOSED';
  return new UpstreamError(code, `Upstream connection failed (${code}).`, { cause: error });
}
