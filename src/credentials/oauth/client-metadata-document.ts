/**
 * Keyport's OAuth Client ID Metadata Document (MCP authorization 2025-11-25): where an
 * authorization server advertises `client_id_metadata_document_supported`, the client_id is the
 * https URL of this document, so no registration is needed. The document must be served at that
 * URL, and Keyport has no published copy of its own: a client_id nobody serves would make every
 * such server refuse the sign-in. So it is used only when KEYPORT_OAUTH_CLIENT_METADATA_URL names
 * where someone (a company, a test) serves it; otherwise Keyport registers (RFC 7591). Its
 * redirect URI is the loopback callback on any port (RFC 8252 §7.3).
 */
export function clientMetadataUrl(env: Readonly<Record<string, string | undefined>>): string | undefined {
  return env.KEYPORT_OAUTH_CLIENT_METADATA_URL?.trim() || undefined;
}

/** The document to publish at `url`. */
export function clientMetadataDocument(url: string): Record<string, unknown> {
  return {
    client_id: url,
    client_name: 'Keyport',
    redirect_uris: ['http://127.0.0.1/callback'],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  };
}
