/**
 * Known token formats, as data: a pattern gives the provider (when the format belongs to one),
 * the kind, the prefix shown when masking, and the page where the user manages such tokens.
 * Anything else is a generic bearer token. Order matters: the first match wins.
 */
import type { TokenKind } from '../store/schema.js';

export interface TokenFormat {
  readonly id: string;
  readonly pattern: RegExp;
  /** The literal prefix kept when masking. */
  readonly prefix: string;
  readonly kind: TokenKind;
  /** The provider when the format names one; otherwise the upstream's host is shown. */
  readonly provider: string | null;
  readonly label: string;
  readonly tokenPageUrl: string | null;
}

export const TOKEN_FORMATS: readonly TokenFormat[] = [
  {
    id: 'service-token',
    pattern: /^st_live_[A-Za-z0-9_-]+$/,
    prefix: 'st_live_',
    kind: 'service-token',
    provider: null,
    label: 'Service token',
    tokenPageUrl: null,
  },
  {
    id: 'agent-key-live',
    pattern: /^sk_live_[0-9a-fA-F]{64}$/,
    prefix: 'sk_live_',
    kind: 'agent-key',
    provider: null,
    label: 'Agent API key (live)',
    tokenPageUrl: null,
  },
  {
    id: 'agent-key-test',
    pattern: /^sk_test_[0-9a-fA-F]{64}$/,
    prefix: 'sk_test_',
    kind: 'agent-key',
    provider: null,
    label: 'Agent API key (test)',
    tokenPageUrl: null,
  },
  {
    id: 'personal-access-token',
    pattern: /^mp_[A-Za-z0-9_-]+$/,
    prefix: 'mp_',
    kind: 'pat',
    provider: null,
    label: 'Personal access token',
    tokenPageUrl: null,
  },
  {
    id: 'service-account-token',
    pattern: /^alk_svc_[A-Za-z0-9_-]+$/,
    prefix: 'alk_svc_',
    kind: 'service-account',
    provider: null,
    label: 'Service-account token',
    tokenPageUrl: null,
  },
  {
    id: 'github-classic',
    pattern: /^ghp_[A-Za-z0-9]+$/,
    prefix: 'ghp_',
    kind: 'github',
    provider: 'GitHub',
    label: 'GitHub personal access token (classic)',
    tokenPageUrl: 'https://github.com/settings/tokens',
  },
  {
    id: 'github-fine-grained',
    pattern: /^github_pat_[A-Za-z0-9_]+$/,
    prefix: 'github_pat_',
    kind: 'github',
    provider: 'GitHub',
    label: 'GitHub fine-grained personal access token',
    tokenPageUrl: 'https://github.com/settings/personal-access-tokens',
  },
];

export const GENERIC_BEARER: TokenFormat = {
  id: 'bearer',
  pattern: /^.+$/s,
  prefix: '',
  kind: 'bearer',
  provider: null,
  label: 'Bearer token',
  tokenPageUrl: null,
};

export function detectTokenFormat(token: string): TokenFormat {
  return TOKEN_FORMATS.find((format) => format.pattern.test(token)) ?? GENERIC_BEARER;
}

/** The provider to show: the format's own, else the upstream's host name without `www.`/`mcp.`/`api.`. */
export function providerFor(format: TokenFormat, upstreamUrl: string): string {
  if (format.provider) return format.provider;
  try {
    return new URL(upstreamUrl).hostname.replace(/^(www|mcp|api)\./, '');
  } catch {
    return 'unknown';
  }
}

/** The provider's page for managing its tokens (https), when a known format names that provider. */
export function tokenPageUrlFor(provider: string): string | null {
  return (
    TOKEN_FORMATS.find((format) => format.provider === provider && format.tokenPageUrl !== null)?.tokenPageUrl ?? null
  );
}
