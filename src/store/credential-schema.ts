/**
 * How a connection presents its credential upstream, as stored in metadata.json. Never a secret:
 * header templates hold `{token}` where the secret goes, a token command is the command line that
 * prints the token (run on demand, its output never stored), and an OAuth connection keeps only
 * times, scopes and the authorization server's public documents here — its access token, refresh
 * token and client registration live in the keychain.
 */
import * as z from 'zod';

/** One header sent upstream: `X-API-Key: {token}`. The default is `Authorization: Bearer {token}`. */
export const HeaderTemplateSchema = z.object({
  name: z.string().min(1),
  template: z.string(),
});
export type HeaderTemplate = z.infer<typeof HeaderTemplateSchema>;

/** A command that prints a short-lived token (`gh auth token`), run without a shell. */
export const TokenCommandSchema = z.object({
  /** The command line as the user wrote it, split like a shell when it runs. */
  line: z.string().min(1),
  /** How long its token is used before the command runs again (also dropped on an upstream 401). */
  ttlSeconds: z.number().int().positive(),
});
export type TokenCommand = z.infer<typeof TokenCommandSchema>;

/** Where an OAuth connection's client registration came from. */
export const OAuthClientSourceSchema = z.enum(['pre-registered', 'metadata-document', 'dynamic']);
export type OAuthClientSource = z.infer<typeof OAuthClientSourceSchema>;

export const OAuthStateSchema = z.object({
  /** The scope the last sign-in asked for (`--scope`, the server's challenge or its scopes_supported). */
  requestedScope: z.string().nullable(),
  /** The scope the authorization server granted (its token response), when it said. */
  scope: z.string().nullable(),
  signedInAt: z.string().datetime().nullable(),
  /** When the current access token expires; null when the server gave no lifetime. */
  accessExpiresAt: z.string().datetime().nullable(),
  /** When the access token was issued (so refresh can start at ~80 % of its life). */
  accessIssuedAt: z.string().datetime().nullable(),
  /** When the sign-in itself lapses (the refresh token's lifetime), when the server said. */
  signInExpiresAt: z.string().datetime().nullable(),
  /** Set when refresh failed or the user signed out: calls fail until `keyport login <name>`. */
  signInNeeded: z.object({ since: z.string().datetime(), detail: z.string() }).nullable(),
  /** A scope the upstream asked for (403 insufficient_scope) that the next sign-in adds. */
  moreScope: z.string().nullable(),
  clientSource: OAuthClientSourceSchema,
  /** The authorization server the tokens and the client registration are bound to (the SDK's `issuer` stamp). */
  issuer: z.string().nullable(),
  /**
   * The SDK's discovery state (protected-resource and authorization-server metadata): public
   * documents, kept so a refresh does not rediscover them.
   */
  discovery: z.record(z.string(), z.unknown()).nullable(),
});
export type OAuthState = z.infer<typeof OAuthStateSchema>;

/** The credential fields of a connection (spread into ConnectionSchema). */
export const connectionCredentialFields = {
  /** Header templates; null = `Authorization: Bearer {token}`. */
  headers: z.array(HeaderTemplateSchema).nullable().default(null),
  /** Also (or only) send the token as this query parameter (`--query-param`). */
  queryParam: z.string().nullable().default(null),
  /** Kind `command`: the command that prints the token. */
  command: TokenCommandSchema.nullable().default(null),
  /** Kind `oauth`: sign-in state. */
  oauth: OAuthStateSchema.nullable().default(null),
};
