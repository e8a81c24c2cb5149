/**
 * Verifies a token against an upstream MCP server: an MCP `initialize` (and, when the server
 * offers tools, one `tools/list` — a listing, not a call, so it spends no quota) with
 * `Authorization: Bearer <token>`. Redirects to another origin are not followed (the SDK's
 * default), so the token only goes to the URL given. Errors never contain the token.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { VerifyResult } from '../contract/dto.js';
import { KeyportError } from '../errors.js';

export const DEFAULT_VERIFY_TIMEOUT_MS = 15_000;
const MAX_TOOL_PAGES = 5;

export interface VerifyUpstreamOptions {
  readonly url: string;
  readonly token: string;
  readonly timeoutMs?: number;
  /** Tests and the app can pass a fetch (e.g. with a pooled dispatcher). */
  readonly fetch?: typeof fetch;
}

export type UpstreamVerifier = (options: VerifyUpstreamOptions) => Promise<VerifyResult>;

export const verifyUpstream: UpstreamVerifier = async (options) => {
  const timeoutMs = options.timeoutMs ?? DEFAULT_VERIFY_TIMEOUT_MS;
  const target = new URL(options.url);
  const where = `${target.origin}${target.pathname}`;
  const transport = new StreamableHTTPClientTransport(target, {
    requestInit: { headers: { Authorization: `Bearer ${options.token}` } },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const client = new Client({ name: 'keyport-verify', version: '1' });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(timeoutError(where, timeoutMs)), timeoutMs);
  });
  const work = async (): Promise<VerifyResult> => {
    await client.connect(transport, { timeout: timeoutMs });
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
  };
  try {
    return await Promise.race([work(), deadline]);
  } catch (error) {
    throw mapVerifyError(error, { where, timeoutMs, token: options.token });
  } finally {
    clearTimeout(timer);
    await transport.terminateSession().catch(() => undefined);
    await client.close().catch(() => undefined);
  }
};

function timeoutError(where: string, timeoutMs: number): KeyportError {
  return new KeyportError(
    'UPSTREAM_TIMEOUT',
    `${where} did not answer an MCP initialize within ${Math.round(timeoutMs / 1000)} s; check the URL and your network, or try again later.`,
  );
}

function scrub(text: string, token: string): string {
  return (token ? text.split(token).join('[token]') : text).replace(/\s+/g, ' ').slice(0, 160);
}

const NETWORK_CODES =
  /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH|CERT|SSL|TLS|UND_ERR_SOCKET|EPIPE/;

function causeCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

export function mapVerifyError(
  error: unknown,
  context: { readonly where: string; readonly timeoutMs: number; readonly token: string },
): KeyportError {
  const { where, token } = context;
  if (error instanceof KeyportError) return error;
  if (error instanceof UnauthorizedError) {
    return rejected(where, 401);
  }
  if (error instanceof StreamableHTTPError) {
    const status = error.code ?? 0;
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
  const code = causeCode(error);
  if ((error instanceof TypeError && /fetch failed/i.test(error.message)) || (code && NETWORK_CODES.test(code))) {
    return new KeyportError(
      'UPSTREAM_UNREACHABLE',
      `Cannot reach ${where}${code ? ` (${code})` : ''}; check the URL and your network connection.`,
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
