/**
 * RFC 7009 token revocation for `keyport logout`: where the authorization server's metadata names
 * a revocation endpoint, the refresh token (which ends the grant) and the access token are revoked
 * there, with the client authentication the server supports (the SDK's own choice of method).
 * Best effort: a server without the endpoint, or one that fails, still gets the tokens forgotten.
 */
import { selectClientAuthMethod } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed } from '@modelcontextprotocol/sdk/shared/auth.js';

export interface RevokeOptions {
  readonly metadata: Record<string, unknown> | undefined;
  readonly client: OAuthClientInformationMixed | null;
  readonly tokens: ReadonlyArray<{ readonly token: string; readonly hint: 'refresh_token' | 'access_token' }>;
  readonly fetch: (input: string | URL, init?: RequestInit) => Promise<Response>;
}

/** `revoked`: every token was accepted by the endpoint; `unsupported`: no endpoint; `failed`: it refused or could not be reached. */
export async function revokeTokens(options: RevokeOptions): Promise<'revoked' | 'unsupported' | 'failed'> {
  const endpoint = options.metadata?.revocation_endpoint;
  if (typeof endpoint !== 'string' || options.client === null) return 'unsupported';
  const methods = (options.metadata?.revocation_endpoint_auth_methods_supported ??
    options.metadata?.token_endpoint_auth_methods_supported ??
    []) as string[];
  const client = options.client;
  const method = selectClientAuthMethod(client, methods);
  let all = true;
  for (const { token, hint } of options.tokens) {
    const body = new URLSearchParams({ token, token_type_hint: hint });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (method === 'client_secret_basic' && client.client_secret) {
      headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`).toString('base64')}`;
    } else {
      body.set('client_id', client.client_id);
      if (method === 'client_secret_post' && client.client_secret) body.set('client_secret', client.client_secret);
    }
    const response = await options.fetch(endpoint, { method: 'POST', headers, body }).catch(() => undefined);
    await response?.body?.cancel().catch(() => undefined);
    if (response === undefined || !response.ok) all = false;
  }
  return all ? 'revoked' : 'failed';
}
