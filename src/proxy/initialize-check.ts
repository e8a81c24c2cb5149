/**
 * The proxy's health check without the MCP SDK: one JSON-RPC `initialize` POST with the credential
 * over the process's upstream client (net/: outbound proxy, trusted CAs) — a plain initialize is a
 * legitimate MCP check; no tool call, no quota spent — then the session it opened is ended with a
 * DELETE. Only a clear success is answered here; anything else (401/403, a redirect, another
 * status, a legacy transport, a network error or timeout) goes to the full verifier, loaded on
 * demand, so failures keep its exact messages. Keeps the SDK (~9 MB resident) out of a
 * long-running `keyport serve` whose tokens are fine.
 */
import type { VerifyResult } from '../contract/dto.js';
import type { UpstreamVerifier, VerifyUpstreamOptions } from '../core/verify-upstream.js';
import { credentialUrl } from '../credentials/upstream-credential.js';
import { loadRequest, type Dispatcher } from '../net/undici.js';

const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_ANSWER_BYTES = 1024 * 1024;
const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'keyport-health', version: '1' },
  },
});

interface ServerInfo {
  readonly name: string;
  readonly version: string | null;
}

/** The serverInfo of a successful `initialize` answer (id 1), or undefined. */
function serverInfoOf(json: string): ServerInfo | undefined {
  let message: unknown;
  try {
    message = JSON.parse(json);
  } catch {
    return undefined;
  }
  const answer = message as { id?: unknown; result?: { protocolVersion?: unknown; serverInfo?: unknown } };
  if (answer?.id !== 1 || typeof answer.result?.protocolVersion !== 'string') return undefined;
  const info = answer.result.serverInfo as { name?: unknown; version?: unknown } | undefined;
  if (typeof info?.name !== 'string') return undefined;
  return { name: info.name, version: typeof info.version === 'string' ? info.version : null };
}

/** The answer carried by an SSE body: the first event whose data is the initialize result. */
function serverInfoFromEvents(text: string): ServerInfo | undefined {
  for (const event of text.split(/\r?\n\r?\n/)) {
    const data = event
      .split(/\r?\n/)
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5))
      .join('\n');
    const info = data === '' ? undefined : serverInfoOf(data);
    if (info !== undefined) return info;
  }
  return undefined;
}

/** Stops reading an answer (undici reports a destroyed body as an abort: nothing to report here). */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** Reads the answer until the initialize result shows up (SSE streams stay open), at most 1 MiB. */
async function readServerInfo(body: Dispatcher.ResponseData['body'], sse: boolean): Promise<ServerInfo | undefined> {
  let text = '';
  for await (const chunk of body) {
    text += (chunk as Buffer).toString('utf8');
    const info = sse ? serverInfoFromEvents(text) : undefined;
    if (info !== undefined || text.length > MAX_ANSWER_BYTES) {
      discard(body);
      return info;
    }
  }
  return sse ? serverInfoFromEvents(text) : serverInfoOf(text);
}

async function initialize(options: VerifyUpstreamOptions): Promise<VerifyResult | undefined> {
  const url = new URL(options.url);
  const signal = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const credentialHeaders = options.credential.headers;
  const upstream = options.network.open({ url: options.url, ca: options.ca ?? null });
  const request = loadRequest();
  const withQuery = credentialUrl(options.url, options.credential);
  const path = withQuery.pathname + withQuery.search;
  try {
    const response = await request.call(upstream.dispatcher, {
      origin: url.origin,
      path,
      method: 'POST',
      signal,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...credentialHeaders,
      },
      body: INITIALIZE,
    });
    const status = response.statusCode;
    const contentType = String(response.headers['content-type'] ?? '');
    if (status < 200 || status >= 300) {
      discard(response.body);
      return undefined;
    }
    const info = await readServerInfo(response.body, contentType.includes('text/event-stream'));
    const session = response.headers['mcp-session-id'];
    if (info !== undefined && typeof session === 'string') {
      const ended = await request
        .call(upstream.dispatcher, {
          origin: url.origin,
          path,
          method: 'DELETE',
          signal,
          headers: { ...credentialHeaders, 'mcp-session-id': session },
        })
        .catch(() => undefined);
      if (ended !== undefined) discard(ended.body);
    }
    return info === undefined ? undefined : { serverName: info.name, serverVersion: info.version, toolCount: null };
  } finally {
    void upstream.destroy();
  }
}

/**
 * An UpstreamVerifier for health checks: the light initialize first, `fallback` (the SDK's
 * full check) for anything that is not a clear success. `toolCount` is null on the light path.
 */
export function initializeCheck(fallback: UpstreamVerifier): UpstreamVerifier {
  return async (options) => {
    const result = await initialize(options).catch(() => undefined);
    return result ?? fallback(options);
  };
}
