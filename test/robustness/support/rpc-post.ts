/** A JSON-RPC POST to `/<name>/mcp` with a local key, as an MCP client sends it (default body: tools/list). */
import { jsonRpcPost, rawRequest, type RawResponse } from '../../support/raw-http.js';

export function postRpc(options: {
  readonly port: number;
  readonly key: string;
  readonly name?: string;
  readonly body?: string;
  readonly headers?: Record<string, string>;
}): Promise<RawResponse> {
  return rawRequest({
    port: options.port,
    path: `/${options.name ?? 'svc'}/mcp`,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${options.key}`,
      ...options.headers,
    },
    body: options.body ?? jsonRpcPost(1, 'tools/list'),
  });
}

/** This process's environment without unset entries (children need the private keychain's D-Bus address). */
export function inheritedEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
