/**
 * One audit line per proxied request: which connection and client, the JSON-RPC method(s) and
 * tool, the status and the latency — never arguments, tokens or keys.
 */
import type { AuditLog } from './audit-log.js';
import type { RpcMessageInfo } from './jsonrpc-inspect.js';
import type { Route } from './route-table.js';

export type RequestAudit = (
  route: Route,
  client: string | null,
  messages: readonly RpcMessageInfo[] | undefined,
  method: string,
  status: number,
  /** performance.now() when the request arrived. */
  started: number,
  /** The tool the tool policy denied (the request was answered by the proxy). */
  denied?: string,
) => void;

export function createRequestAudit(audit: AuditLog): RequestAudit {
  return (route, client, messages, method, status, started, denied) => {
    let names = method;
    let tool: string | null = null;
    if (messages !== undefined && messages.length === 1) {
      names = messages[0]!.method ?? 'response';
      tool = messages[0]!.tool ?? null;
    } else if (messages !== undefined && messages.length > 1) {
      names = messages.map((message) => message.method ?? 'response').join(',');
      tool = messages.find((message) => message.tool !== undefined)?.tool ?? null;
    }
    audit.append({
      at: Date.now(),
      client,
      connection: route.name,
      method: names,
      tool: denied ?? tool,
      status,
      latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
      ...(denied === undefined ? {} : { denied: true }),
    });
  };
}
