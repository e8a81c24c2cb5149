/**
 * Verifies a credential against an upstream MCP server: an MCP `initialize` (and, when the server
 * offers tools, one `tools/list` — a listing, not a call, so it spends no quota) with the
 * connection's credential headers (`Authorization: Bearer <token>` by default) and query, over the process's upstream client (net/: outbound proxy,
 * trusted CAs and the connection's own). Redirects are never followed, so the token only goes to
 * the URL given. Errors never contain the token; network failures read as in the proxy.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { VerifyResult } from '../contract/dto.js';
import { insufficientScope } from '../credentials/scope-challenge.js';
import { credentialUrl, scrubSecret, type UpstreamCredential } from '../credentials/upstream-credential.js';
import { KeyportError } from '../errors.js';
import { describeNetworkFailure } from '../net/network-failure.js';
import type { UpstreamClient } from '../net/upstream-client.js';

export const DEFAULT_VERIFY_TIMEOUT_MS = 15_000;
const MAX_TOOL_PAGES = 5;

export interface VerifyUpstreamOptions {
  readonly url: string;
  /** What the connection adds to each request (credential-source.ts). */
  readonly credential: UpstreamCredential;
  readonly timeoutMs?: number;
  /** How this process reaches upstreams (CoreContext.network). */
  readonly network: UpstreamClient;
  /** The connection's own CA (PEM), trusted besides the usual ones. */
  readonly ca?: string | null;
  /** The connection's name once it exists, so a message can name `keyport set <name> …`. */
  readonly connection?: string;
}

export type UpstreamVerifier = (options: VerifyUpstreamOptions) => Promise<VerifyResult>;

/**
 * Runs `work` with an MCP client connected to the upstream (the token, the connection's CA, the
 * outbound proxy) within the timeout; failures come out as KeyportErrors that name the fix and
 * never the token. The session and the connections are closed afterwards.
 */
export async function withUpstreamClient<T>(
  options: VerifyUpstreamOptions,
  work: (client: Client, timeoutMs: number) => Promise<T>,
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_VERIFY_TIMEOUT_MS;
  const target = new URL(options.url);
  const where = `${target.origin}${target.pathname}`;
  const upstream = options.network.open({ url: options.url, ca: options.ca ?? null }, { connectTimeoutMs: timeoutMs });
  const challenge: { value?: string } = {};
  const transport = new StreamableHTTPClientTransport(credentialUrl(options.url, options.credential), {
    requestInit: { headers: { ...options.credential.headers } },
    fetch: async (input, init) => {
      const response = await upstream.fetch(input, init);
      // Kept for a 403: insufficient_scope names the scope a new sign-in must ask for.
      if (response.status === 403) challenge.value = response.headers.get('www-authenticate') ?? undefined;
      return response;
    },
  });
  const client = new Client({ name: 'keyport-verify', version: '1' });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(timeoutError(where, timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([
      (async () => {
        await client.connect(transport, { timeout: timeoutMs });
        return work(client, timeoutMs);
      })(),
      deadline,
    ]);
  } catch (error) {
    throw mapVerifyError(error, {
      where,
      host: target.host,
      proxy: upstream.proxy,
      timeoutMs,
      credential: options.credential,
      ...(challenge.value === undefined ? {} : { challenge: challenge.value }),
      ...(options.connection === undefined ? {} : { connection: options.connection }),
    });
  } finally {
    clearTimeout(timer);
    await transport.terminateSession().catch(() => undefined);
    await client.close().catch(() => undefined);
    await upstream.destroy().catch(() => undefined);
  }
}

export const verifyUpstream: UpstreamVerifier = (options) =>
  withUpstreamClient(options, async (client, timeoutMs) => {
    const server = client.getServerVersion();
    let toolCount: number | null = null;
    if (client.getServerCapabilities()?.tools) {
      toolCount = 0;
      let cursor: string | undefined;
      for (let page = 0; page < MAX_TOOL_PAGES; page += 1) {
        const result = await client.listTools(cursor ? { cursor } : {}, { timeout: timeoutMs });
        toolCount += result.tools.length;
        cursor = result.nextCursor;
        if (!cursor) break;
      }
    }
    return { serverName: server?.name ?? 'unknown', serverVersion: server?.version ?? null, toolCount };
  });

function timeoutError(where: string, timeoutMs: number): KeyportError {
  return new KeyportError(
    'UPSTREAM_TIMEOUT',
    `${where} did not answer an MCP initialize within ${Math.round(timeoutMs / 1000)} s; check the URL and your network, or try again later.`,
  );
}

function scrub(text: string, credential: UpstreamCredential): string {
  return scrubSecret(text, credential).replace(/\s+/g, ' ').slice(0, 160);
}

export interface VerifyErrorContext {
  readonly where: string;
  readonly host: string;
  readonly proxy: string | null;
  readonly connection?: string;
  readonly timeoutMs: number;
  readonly credential: UpstreamCredential;
  /** The WWW-Authenticate of a 403 answer, if there was one. */
  readonly challenge?: string;
}

export function mapVerifyError(error: unknown, context: VerifyErrorContext): KeyportError {
  const { where, credential: token } = context;
  if (error instanceof KeyportError) return error;
  if (error instanceof UnauthorizedError) {
    return rejected(where, 401);
  }
  if (error instanceof StreamableHTTPError) {
    const status = error.code ?? 0;
    if (status === 403) {
      const scope = insufficientScope(context.challenge);
      if (scope !== undefined) return new InsufficientScopeError(where, scope);
    }
    if (status === 401 || status === 403) return rejected(where, status);
    if (status >= 300 && status < 400) {
      return new KeyportError(
        'VERIFY_FAILED',
        `${where} answered with a redirect (HTTP ${status}); Keyport does not send the token elsewhere — use the final MCP URL (${scrub(error.message, token)}).`,
      );
    }
    if (status === -1) {
      return new KeyportError(
        'VERIFY_FAILED',
        `${where} did not answer like an MCP server; check that the URL is its MCP endpoint.`,
      );
    }
    return new KeyportError(
      'VERIFY_FAILED',
      `${where} answered HTTP ${status} to an MCP initialize; check that the URL is the server's MCP endpoint (or add with --no-verify).`,
    );
  }
  if (error instanceof McpError && error.code === ErrorCode.RequestTimeout)
    return timeoutError(where, context.timeoutMs);
  const network = describeNetworkFailure(error, context);
  if (network !== undefined) {
    return new KeyportError(network.kind === 'timeout' ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNREACHABLE', network.message);
  }
  if (error instanceof TypeError && /fetch failed/i.test(error.message)) {
    return new KeyportError(
      'UPSTREAM_UNREACHABLE',
      `Cannot reach ${where}; check the URL and your network connection.`,
    );
  }
  if (error instanceof McpError) {
    return new KeyportError('VERIFY_FAILED', `${where} refused the MCP initialize: ${scrub(error.message, token)}.`);
  }
  const detail = error instanceof Error ? scrub(error.message, token) : 'unknown error';
  return new KeyportError('VERIFY_FAILED', `Verifying the token against ${where} failed: ${detail}.`);
}

function rejected(where: string, status: number): KeyportError {
  return new KeyportError(
    'TOKEN_REJECTED',
    `${where} rejected the token (HTTP ${status}): it may be revoked, expired, mistyped or lack access; create a new one with the provider.`,
  );
}

/** The server wants more scope than the credential carries: a new sign-in asking for it can help. */
export class InsufficientScopeError extends KeyportError {
  constructor(
    where: string,
    readonly scope: string,
  ) {
    super(
      'INSUFFICIENT_SCOPE',
      `${where} needs more access than this sign-in granted${scope ? ` (scope ${scope})` : ''}; sign in again asking for it.`,
    );
  }
}
