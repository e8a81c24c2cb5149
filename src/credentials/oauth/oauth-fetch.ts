/**
 * The fetch every OAuth request of one sign-in or refresh goes through: the process's upstream
 * client per origin (net/origin-fetch.ts: outbound proxy, CAs), plus a look at successful token
 * responses for `refresh_token_expires_in` — not part of OAuth's core, which the SDK's schema
 * drops, but how several providers say when a sign-in lapses.
 */
import type { UpstreamClient } from '../../net/upstream-client.js';
import { createOriginFetch } from '../../net/origin-fetch.js';

export interface OAuthFetch {
  readonly fetch: (input: string | URL, init?: RequestInit) => Promise<Response>;
  /** Seconds the last token response gave the refresh token, or null when it did not say. */
  readonly refreshLifetime: () => number | null;
  close(): Promise<void>;
}

const OAUTH_TIMEOUTS = { connectTimeoutMs: 10_000, headersTimeoutMs: 20_000 } as const;

export function createOAuthFetch(options: {
  readonly network: UpstreamClient;
  readonly ca: string | null;
}): OAuthFetch {
  const origins = createOriginFetch({ ...options, timeouts: OAUTH_TIMEOUTS });
  let lifetime: number | null = null;
  return {
    async fetch(input, init) {
      const response = await origins.fetch(input, init);
      const isTokenRequest =
        init?.method === 'POST' && init.body instanceof URLSearchParams && init.body.has('grant_type');
      if (isTokenRequest && response.ok) {
        const body = (await response
          .clone()
          .json()
          .catch(() => undefined)) as { refresh_token_expires_in?: unknown } | undefined;
        const seconds = Number(body?.refresh_token_expires_in);
        lifetime = Number.isFinite(seconds) && seconds > 0 ? seconds : null;
      }
      return response;
    },
    refreshLifetime: () => lifetime,
    close: () => origins.close(),
  };
}
