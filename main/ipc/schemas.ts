/**
 * Runtime validation of every IPC argument list, one zod tuple per channel. The renderer is
 * untrusted: arguments arrive as `unknown`, unknown keys are refused, strings are bounded.
 * The map is typed against the contract, so a channel without a schema does not compile.
 */
import * as z from 'zod';
import type { IpcArgs, IpcChannel } from '../../src/contract/ipc.js';
import { NAME_PATTERN, SettingsSchema } from '../../src/store/schema.js';

const name = z.string().regex(NAME_PATTERN, 'Names use lowercase letters, digits and dashes.');
/** The core validates the token's format; here only a sane bound on what crosses the boundary. */
const secret = z.string().min(1).max(4096);
const url = z.string().min(1).max(2048);
const expiry = z.string().min(1).max(32);
const clientId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);
const names = z.array(name).max(256);

const nameOnly = z.strictObject({ name });

/** Header templates: the core checks names and values; here only bounds. */
const headers = z
  .array(z.strictObject({ name: z.string().min(1).max(128), template: z.string().min(1).max(1024) }))
  .max(16);
const queryParam = z.string().min(1).max(64);
const tokenCommand = z.string().min(1).max(1024);
const tokenTtlSeconds = z.number().int().min(1).max(86_400);

const newConnection = {
  name,
  url,
  expires: expiry.optional(),
  quota: z.number().int().positive().optional(),
  resetDay: z.number().int().min(1).max(28).optional(),
  account: name.optional(),
  allowKeyless: z.boolean().optional(),
};

const addToken = z.strictObject({
  ...newConnection,
  token: secret.optional(),
  headers: headers.optional(),
  queryParam: queryParam.optional(),
  tokenCommand: tokenCommand.optional(),
  tokenTtlSeconds: tokenTtlSeconds.optional(),
  verify: z.boolean().optional(),
});

const addOAuth = z.strictObject({
  ...newConnection,
  scope: z.string().min(1).max(1024).optional(),
  clientId: z.string().min(1).max(512).optional(),
  clientSecret: secret.optional(),
});

// No `url`: the app never moves a connection to another server, and a renderer that could
// would send the stored token there (the proxy injects it toward the connection's origin).
// Changing the URL stays a CLI operation (`keyport set <name> --url`).
const updateToken = z.strictObject({
  name,
  expires: expiry.optional(),
  quota: z.number().int().positive().nullable().optional(),
  resetDay: z.number().int().min(1).max(28).optional(),
  account: name.nullable().optional(),
  allowKeyless: z.boolean().optional(),
  headers: headers.nullable().optional(),
  queryParam: queryParam.nullable().optional(),
  tokenCommand: tokenCommand.optional(),
  tokenTtlSeconds: tokenTtlSeconds.optional(),
});

const auditFilter = z.strictObject({
  connection: name.optional(),
  client: z.string().max(128).optional(),
  method: z.string().max(128).optional(),
  status: z.number().int().min(100).max(599).optional(),
  errorsOnly: z.boolean().optional(),
  limit: z.number().int().min(1).max(10_000).optional(),
});

const clientNames = z.strictObject({ client: clientId, names });

/** Tool names or prefix* patterns (the core checks each one's form). */
const toolPatterns = z.array(z.string().min(1).max(256)).min(1).max(500);
const toolRuleChange = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.enum(['deny', 'allow', 'only']), tools: toolPatterns }),
  z.strictObject({ kind: z.enum(['read-only', 'reset']) }),
]);

export type IpcArgSchemas = { readonly [C in IpcChannel]: z.ZodType<IpcArgs<C>> };

export const ipcArgSchemas: IpcArgSchemas = {
  'tokens:list': z.tuple([]),
  'tokens:add': z.tuple([addToken]),
  'tokens:add-oauth': z.tuple([addOAuth]),
  'tokens:sign-in': z.tuple([nameOnly]),
  'tokens:test': z.tuple([z.union([z.strictObject({ url, token: secret, headers: headers.optional() }), nameOnly])]),
  'tokens:rotate': z.tuple([
    z.strictObject({ name, token: secret, verify: z.boolean().optional(), expires: expiry.optional() }),
  ]),
  'tokens:rollback': z.tuple([nameOnly]),
  'tokens:update': z.tuple([updateToken]),
  'tokens:remove': z.tuple([nameOnly]),
  'tokens:set-paused': z.tuple([z.strictObject({ name, paused: z.boolean() })]),
  'usage:daily': z.tuple([z.strictObject({ name, days: z.number().int().min(1).max(366) })]),
  'tools:view': z.tuple([z.strictObject({ name, live: z.boolean() })]),
  'tools:change': z.tuple([z.strictObject({ name, client: name.nullable(), change: toolRuleChange })]),
  'accounts:list': z.tuple([]),
  'audit:list': z.tuple([auditFilter]),
  'clients:list': z.tuple([]),
  'clients:preview': z.tuple([clientNames]),
  'clients:connect': z.tuple([clientNames]),
  'clients:import-scan': z.tuple([]),
  'clients:import': z.tuple([
    z.strictObject({
      entries: z
        .array(z.strictObject({ client: clientId, entry: z.string().min(1).max(256), name }))
        .min(1)
        .max(256),
    }),
  ]),
  'settings:get': z.tuple([]),
  'settings:update': z.tuple([SettingsSchema.partial().strict()]),
  'proxy:status': z.tuple([]),
  'proxy:copy-url': z.tuple([nameOnly]),
};

/** Every channel, from the schema map (the preload's own list is checked against it in tests). */
export const IPC_CHANNELS = Object.keys(ipcArgSchemas) as readonly IpcChannel[];
