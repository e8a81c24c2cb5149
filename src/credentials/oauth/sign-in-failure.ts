/**
 * What a failed OAuth step becomes: network failures read as everywhere else (net/network-failure.ts);
 * the authorization server's OAuth errors keep their code and description; anything else is one
 * short line. Known secrets (a client secret, tokens) are scrubbed from anything quoted.
 */
import { KeyportError } from '../../errors.js';
import { describeNetworkFailure } from '../../net/network-failure.js';

export function oneLine(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('[secret]');
  // eslint-disable-next-line no-control-regex
  const controls = /[\u0000-\u001f\u007f\s]+/g;
  return out.replace(controls, ' ').trim().slice(0, 200);
}

export function oauthFailure(
  error: unknown,
  context: { readonly where: string; readonly host: string; readonly secrets?: readonly string[] },
): KeyportError {
  if (error instanceof KeyportError) return error;
  const network = describeNetworkFailure(error, { where: context.where, host: context.host, proxy: null });
  if (network !== undefined) {
    return new KeyportError(network.kind === 'timeout' ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNREACHABLE', network.message);
  }
  const code = oauthErrorCode(error);
  if (code !== undefined) {
    const message = (error as Error).message;
    return new KeyportError(
      'SIGN_IN_FAILED',
      `The authorization server refused (${code}${message ? `: ${oneLine(message, context.secrets)}` : ''}).`,
    );
  }
  const detail = error instanceof Error ? oneLine(error.message, context.secrets) : 'unknown error';
  return new KeyportError('SIGN_IN_FAILED', `Signing in to ${context.where} failed: ${detail}.`);
}

/**
 * The OAuth error code of an SDK OAuthError (read as a property: importing the SDK's error classes
 * would load its server modules into a proxy that never needs them).
 */
function oauthErrorCode(error: unknown): string | undefined {
  const code = error instanceof Error ? (error as { errorCode?: unknown }).errorCode : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** Whether a failure says the grant (refresh token) or the client is no longer accepted — i.e. sign in again. */
export function isGrantRefused(error: unknown): boolean {
  return ['invalid_grant', 'invalid_client', 'unauthorized_client'].includes(oauthErrorCode(error) ?? '');
}
