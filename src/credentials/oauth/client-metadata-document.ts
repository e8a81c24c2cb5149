/**
 * Keyport's OAuth Client ID Metadata Document (MCP authorization 2025-11-25): where an
 * authorization server advertises `client_id_metadata_document_supported`, Keyport's client_id is
 * the https URL of this document, so no registration is needed. The document must be served at
 * that URL; KEYPORT_OAUTH_CLIENT_METADATA_URL points Keyport at another copy (a company's own,
 * or a test's). Its redirect URI is the loopback callback on any port (RFC 8252 §7.3).
 */
export const DEFAULT_CLIENT_METADATA_URL = 'https://keyport.dev/oauth/client-metadata.json';

export function clientMetadataUrl(env: Readonly<Record<string, string | undefined>>): string {
  return env.KEYPORT_OAUTH_CLIENT_METADATA_URL?.trim() || DEFAULT_CLIENT_METADATA_URL;
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
