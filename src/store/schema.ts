/**
 * The metadata file's schema (version 1). It never holds a secret: tokens live in
 * the keychain, local client keys are stored as SHA-256 hashes. Dates are ISO 8601
 * strings. Two files share the data folder:
 *   - `metadata.json` (this schema): what the user configured — written on user actions
 *     (CLI, app) as read-modify-write under a cross-process lock.
 *   - `usage.json` (UsageFile): what the proxy observed — counters, last use, health —
 *     written in batches by whichever process runs the proxy, merged as deltas.
 */
import * as z from 'zod';
import { connectionCredentialFields } from './credential-schema.js';
import { isToolPattern, MAX_RULE_PATTERNS } from '../tool-policy/tool-pattern.js';
import { NAME_PATTERN } from './name-pattern.js';
import { countsOf } from './usage-counts.js';

export const METADATA_VERSION = 1;

export { NAME_PATTERN } from './name-pattern.js';

export const QuotaSchema = z.object({
  /** Calls allowed per billing period. */
  limit: z.number().int().positive(),
  /** Day of the month (1–28) on which the period starts, in the user's time zone. */
  resetDay: z.number().int().min(1).max(28),
});
export type Quota = z.infer<typeof QuotaSchema>;

export const TokenKindSchema = z.enum([
  'service-token',
  'agent-key',
  'pat',
  'service-account',
  'github',
  'bearer',
  /** Signed in with OAuth: the proxy refreshes its access token. */
  'oauth',
  /** A command prints the token on demand (`--token-command`). */
  'command',
]);
export type TokenKind = z.infer<typeof TokenKindSchema>;

const ToolPatternSchema = z.string().refine(isToolPattern, {
  message: 'a tool name, optionally ending in * (no spaces, commas or control characters)',
});

/**
 * Which tools a rule lets through (`keyport tools`): the most specific pattern that names a tool
 * decides (an exact name beats a prefix*, a longer prefix a shorter one; deny wins a tie); a tool
 * no pattern names gets `base` — every tool, none, or only those annotated `readOnlyHint: true`.
 */
export const ToolRuleSchema = z.object({
  base: z.enum(['all', 'none', 'read-only']),
  allow: z.array(ToolPatternSchema).max(MAX_RULE_PATTERNS),
  deny: z.array(ToolPatternSchema).max(MAX_RULE_PATTERNS),
});
export type ToolRule = z.infer<typeof ToolRuleSchema>;

export const ToolPolicySchema = z.object({
  /** The rule of every client without one of its own (and of keyless requests); null: every tool. */
  rule: ToolRuleSchema.nullable(),
  /** A client's own rule replaces `rule` for that client (keys are client names). */
  clients: z.record(z.string().regex(NAME_PATTERN), ToolRuleSchema),
});
export type ToolPolicy = z.infer<typeof ToolPolicySchema>;

export const ConnectionSchema = z.object({
  name: z.string().regex(NAME_PATTERN),
  /** The upstream MCP endpoint (https, or http on a loopback host). */
  url: z.string().url(),
  provider: z.string(),
  kind: TokenKindSchema,
  /** Prefix + '…' + last 4; what every face shows. */
  masked: z.string(),
  createdAt: z.string().datetime(),
  /** When the current token was stored (add or rotate): the start of its age. */
  tokenSetAt: z.string().datetime(),
  expiresAt: z.string().datetime().nullable(),
  /** A quota of this token alone; null when none or when `account` carries it. */
  quota: QuotaSchema.nullable(),
  /** A named account whose quota several tokens share. */
  account: z.string().regex(NAME_PATTERN).nullable(),
  allowKeyless: z.boolean(),
  paused: z.boolean(),
  /** A CA (PEM) this upstream's certificate may chain to besides the usual ones (`--ca <file>`). */
  ca: z.string().nullable().default(null),
  ...connectionCredentialFields,
  /** Which tools the proxy lets clients see and call (`keyport tools`); absent: every tool. */
  toolPolicy: ToolPolicySchema.optional(),
  /** The token replaced by the last rotation, kept for rollback until `until`. Secret is in the keychain. */
  previous: z
    .object({
      masked: z.string(),
      tokenSetAt: z.string().datetime(),
      expiresAt: z.string().datetime().nullable(),
      until: z.string().datetime(),
    })
    .nullable(),
});
export type Connection = z.infer<typeof ConnectionSchema>;

export const AccountSchema = z.object({
  name: z.string().regex(NAME_PATTERN),
  quota: QuotaSchema,
});
export type Account = z.infer<typeof AccountSchema>;

export const ClientKeySchema = z.object({
  name: z.string().regex(NAME_PATTERN),
  /** SHA-256 of the key, hex. The key itself is shown once and never stored. */
  keyHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** The key's masked form, so the user can tell keys apart. */
  masked: z.string(),
  createdAt: z.string().datetime(),
});
export type ClientKey = z.infer<typeof ClientKeySchema>;

/**
 * The outbound proxy for upstream calls: null = HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the
 * environment, `none` = ignore them, or `http(s)://host:port`. Never credentials: metadata.json
 * holds no secret, so a proxy that wants them gets them from HTTPS_PROXY / HTTP_PROXY.
 */
export const OutboundProxySchema = z
  .string()
  .refine(
    (value) => {
      if (value === 'none') return true;
      try {
        const url = new URL(value);
        return (
          (url.protocol === 'http:' || url.protocol === 'https:') &&
          url.username === '' &&
          url.password === '' &&
          url.hostname !== '' &&
          url.port !== '' &&
          (url.pathname === '/' || url.pathname === '') &&
          url.search === '' &&
          url.hash === ''
        );
      } catch {
        return false;
      }
    },
    {
      message:
        'use none, or a proxy URL http(s)://host:port; a proxy that wants credentials takes them from ' +
        'HTTPS_PROXY/HTTP_PROXY (http://user:password@host:port), since metadata.json holds no secrets',
    },
  )
  .nullable();

/**
 * The settings. `keyport config` and the app's settings view are generic over this schema: every
 * key, its description and its check come from here, so a setting added here is covered by both.
 */
export const SettingsSchema = z.object({
  port: z
    .number()
    .int()
    .min(0)
    .max(65535)
    .nullable()
    .describe('the proxy port (null: KEYPORT_PORT, else 8931; 0: any free port)'),
  maxBodyBytes: z.number().int().positive().describe('request bodies larger than this get 413'),
  countedCalls: z
    .enum(['tools/call', 'all'])
    .describe('what counts against a quota: tools/call requests, or every JSON-RPC request'),
  hardStopAtQuota: z.boolean().describe('refuse calls (429) once a quota is used up, instead of only warning'),
  checkIntervalHours: z.number().positive().describe('how often the proxy re-checks every token (MCP initialize)'),
  rotationCadenceDays: z.number().int().positive().describe('a token older than this is flagged for rotation'),
  notifyExpiryDays: z
    .array(z.number().int().positive())
    .describe('notify this many days before a token expires (a list, e.g. 7,1)'),
  notifyQuotaPercents: z
    .array(z.number().int().min(1).max(100))
    .describe('notify when a quota is this full, in percent (a list, e.g. 80,100)'),
  startAtLogin: z.boolean().describe('start the desktop app at login'),
  proxy: OutboundProxySchema.describe(
    'outbound proxy for upstream calls: null (HTTPS_PROXY/HTTP_PROXY/NO_PROXY), none, or http(s)://host:port',
  ),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_PORT = 8931;

export const DEFAULT_SETTINGS: Settings = {
  port: null,
  maxBodyBytes: 4 * 1024 * 1024,
  countedCalls: 'tools/call',
  hardStopAtQuota: false,
  checkIntervalHours: 6,
  rotationCadenceDays: 90,
  notifyExpiryDays: [7, 1],
  notifyQuotaPercents: [80, 100],
  startAtLogin: false,
  proxy: null,
};

/** 16 hex characters: names this data folder's keychain items (`token:<name>@<installId>`). */
export const INSTALL_ID_PATTERN = /^[0-9a-f]{16}$/;

export const MetadataSchema = z.object({
  version: z.literal(METADATA_VERSION),
  /**
   * This data folder's id, part of each of its keychain items' account, so two data folders
   * (KEYPORT_HOME) never share an item. Made on first use; absent only in a folder never used since.
   */
  installId: z.string().regex(INSTALL_ID_PATTERN).optional(),
  connections: z.record(z.string(), ConnectionSchema),
  accounts: z.record(z.string(), AccountSchema),
  clients: z.record(z.string(), ClientKeySchema),
  settings: SettingsSchema,
});
export type Metadata = z.infer<typeof MetadataSchema>;

/** Counters for one billing period. `periodStart` identifies the period; a new period starts at zero. */
export const PeriodUsageSchema = z.object({
  periodStart: z.string().datetime(),
  calls: z.number().int().nonnegative(),
});
export type PeriodUsage = z.infer<typeof PeriodUsageSchema>;

export const HealthSchema = z.object({
  state: z.enum(['ok', 'rejected', 'unreachable', 'unknown']),
  checkedAt: z.string().datetime(),
  /** What the upstream said (server name on success, status/reason otherwise); never a secret. */
  detail: z.string().nullable(),
});
export type Health = z.infer<typeof HealthSchema>;

export const ProviderQuotaSchema = z.object({
  limit: z.number().nullable(),
  remaining: z.number().nullable(),
  resetAt: z.string().datetime().nullable(),
  observedAt: z.string().datetime(),
});
export type ProviderQuota = z.infer<typeof ProviderQuotaSchema>;

/**
 * Counts by name. Read into a null-prototype object, so a name such as `__proto__` (a JSON-RPC
 * method name comes from a request) is kept as a key instead of being dropped (see usage-counts.ts).
 */
export const CountsSchema = z
  .custom<Record<string, number>>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.values(value).every((count) => Number.isSafeInteger(count) && (count as number) >= 0),
    { message: 'expected an object of whole, non-negative counts' },
  )
  .transform((value) => countsOf(value));

export const ConnectionUsageSchema = z.object({
  lastUsedAt: z.string().datetime().nullable(),
  /** Quota-counted calls in the current period of this connection's own quota. */
  period: PeriodUsageSchema.nullable(),
  totalRequests: z.number().int().nonnegative(),
  /** Requests per JSON-RPC method (at most MAX_METHOD_NAMES names, then `other`). */
  byMethod: CountsSchema,
  byClient: CountsSchema,
  /** Counted calls per local day (YYYY-MM-DD), the last ~90 days, for charts. */
  daily: CountsSchema,
  health: HealthSchema.nullable(),
  providerQuota: ProviderQuotaSchema.nullable(),
});
export type ConnectionUsage = z.infer<typeof ConnectionUsageSchema>;

export const UsageFileSchema = z.object({
  version: z.literal(METADATA_VERSION),
  connections: z.record(z.string(), ConnectionUsageSchema),
  accounts: z.record(z.string(), PeriodUsageSchema),
  clients: z.record(z.string(), z.object({ lastUsedAt: z.string().datetime().nullable() })),
});
export type UsageFile = z.infer<typeof UsageFileSchema>;
