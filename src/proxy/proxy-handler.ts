/**
 * The request path: Host/Origin → route → local key → connection state → body and JSON-RPC
 * inspection → tool policy → hard stop → the upstream (forward-upstream.ts: credential, the
 * connection's own undici pool, the answer streamed back unbuffered). Metering and the audit log
 * are fed on the side.
 */
import type { ServerResponse } from 'node:http';
import type { AuditLog } from './audit-log.js';
import { bearerOf } from './client-keys.js';
import { createForwarder, type ForwardDeps } from './forward-upstream.js';
import type { HostCheck } from './host-check.js';
import { countedCalls, inspectJsonRpc, type RpcMessageInfo } from './jsonrpc-inspect.js';
import { sendJsonRpcError, type JsonRpcErrorOptions } from './jsonrpc-error.js';
import type { ProxyRequestHandler } from './listener/http-listener.js';
import { readBody } from './listener/read-body.js';
import { parseProxyPath } from './proxy-path.js';
import type { Reservation } from './quota-reservations.js';
import { createRequestAudit } from './request-audit.js';
import type { ToolCatalog } from './tool-catalog.js';
import { gateToolRequest, gateToolStream, type AnswerFilter } from './tool-gate.js';
import { auditedTool, sendToolRefusal } from './tool-refusal.js';

export interface ProxyHandlerDeps extends Omit<ForwardDeps, 'auditEntry'> {
  readonly hostCheck: HostCheck;
  readonly audit: AuditLog;
  /** What the proxy learnt of each connection's tools (read-only tool rules). */
  readonly tools: ToolCatalog;
}

const FORWARDED_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const HEALTH_BODY = '{"status":"ok"}';
const KEY_HELP =
  'send a local client key as "Authorization: Bearer <key>"; create one with `keyport client add <client>`';

export function createProxyHandler(deps: ProxyHandlerDeps): ProxyRequestHandler {
  const { meter, clock } = deps;

  const fail = (res: ServerResponse, options: JsonRpcErrorOptions) => sendJsonRpcError(res, options);

  const auditEntry = createRequestAudit(deps.audit);
  const forward = createForwarder({ ...deps, auditEntry });

  return (req, res, acceptedKey) => {
    const started = performance.now();
    const headers = req.headers;
    if (!deps.hostCheck(headers.host, headers.origin, headers['sec-fetch-site'])) {
      fail(res, {
        failure: 'FORBIDDEN_HOST',
        close: true,
        message:
          'Forbidden: Keyport only answers requests addressed to 127.0.0.1, localhost or [::1] from a local origin.',
      });
      return;
    }
    const method = req.method!;
    if (!FORWARDED_METHODS.has(method)) {
      // TRACE would echo the injected token back; CONNECT would tunnel past every check.
      fail(res, {
        failure: 'METHOD_NOT_ALLOWED',
        close: true,
        message: `Method ${method} is not allowed: MCP uses GET, POST and DELETE.`,
      });
      return;
    }
    const url = req.url!;
    if (url === '/health' || url.startsWith('/health?')) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': HEALTH_BODY.length });
      res.end(HEALTH_BODY);
      return;
    }
    const parsed = parseProxyPath(url);
    const table = deps.table();
    const route = parsed === undefined ? undefined : table.routes.get(parsed.name);
    const presented = bearerOf(headers.authorization);
    const client = presented === undefined ? undefined : table.keys.match(presented, acceptedKey);
    if (parsed !== undefined && client === undefined && !route?.connection.allowKeyless) {
      fail(res, {
        failure: 'UNAUTHORIZED',
        close: true,
        message: `${presented === undefined ? 'Missing' : 'Unknown'} local client key: ${KEY_HELP}.`,
      });
      return;
    }
    if (
      parsed === undefined ||
      route === undefined ||
      (parsed.subpath !== undefined && !deps.endpoints.allows(route.name, route.connection.url, parsed.subpath))
    ) {
      fail(res, {
        failure: 'NOT_FOUND',
        close: true,
        message:
          parsed === undefined
            ? 'Not found: MCP endpoints are http://127.0.0.1:<port>/<name>/mcp (see `keyport list`).'
            : route === undefined
              ? `No connection named "${parsed.name}": run \`keyport list\` to see the names, or \`keyport add\`.`
              : `Not found: /${parsed.name}/path/ reaches only the message endpoint the upstream announced on its SSE stream.`,
      });
      return;
    }
    const clientName = client ?? null;
    const name = route.name;
    const refuse = (options: JsonRpcErrorOptions) => {
      const status = fail(res, { ...options, connection: name, close: true });
      auditEntry(route, clientName, undefined, method, status, started);
    };
    if (route.connection.paused) {
      refuse({
        failure: 'PAUSED',
        message: `Connection "${name}" is paused; resume it with \`keyport resume ${name}\`.`,
      });
      return;
    }
    if (route.expiresAtMs !== null && route.expiresAtMs <= clock.now().getTime()) {
      refuse({
        failure: 'TOKEN_EXPIRED',
        message: `The token of connection "${name}" expired on ${route.connection.expiresAt}; store a new one with \`keyport rotate ${name}\`.`,
      });
      return;
    }
    // Every Forwarding is built whole, in one property order: a spread followed by more
    // properties leaves V8 a dictionary-mode object, which cost ~5 % of the proxy's CPU.
    const forwardWith = (
      body: Buffer | undefined,
      inspection: { readonly messages: readonly RpcMessageInfo[]; readonly id: string | number | null } | undefined,
      held: Reservation | undefined,
      answers: AnswerFilter | undefined,
    ) =>
      forward({
        req,
        res,
        route,
        parsed,
        client: clientName,
        started,
        body,
        messages: inspection?.messages,
        id: inspection?.id ?? null,
        held,
        answers,
      });
    if (method !== 'POST' && method !== 'PUT' && method !== 'PATCH') {
      const answers = method === 'GET' ? gateToolStream({ route, client: clientName, catalog: deps.tools }) : undefined;
      forwardWith(undefined, undefined, undefined, answers);
      return;
    }
    readBody(req, res, table.settings.maxBodyBytes, (result) => {
      if (result.kind === 'gone') {
        auditEntry(route, clientName, undefined, method, 499, started);
        return;
      }
      if (result.kind === 'too-large') {
        refuse({
          failure: 'BODY_TOO_LARGE',
          message: `Request body too large for connection "${name}": the limit is ${table.settings.maxBodyBytes} bytes (setting maxBodyBytes).`,
        });
        return;
      }
      const inspection = inspectJsonRpc(result.body);
      if (!inspection.ok) {
        refuse({
          failure: 'PARSE_ERROR',
          message: `Parse error: the request to connection "${name}" is not valid JSON-RPC.`,
        });
        return;
      }
      const tools = gateToolRequest({
        route,
        client: clientName,
        catalog: deps.tools,
        body: result.body,
        messages: inspection.messages,
        legacy: parsed.subpath !== undefined,
      });
      if (tools?.kind === 'malformed') {
        refuse({ failure: 'MALFORMED_REQUEST', message: tools.message });
        return;
      }
      if (tools?.kind === 'refuse') {
        const status = sendToolRefusal(res, tools.refusal);
        auditEntry(route, clientName, inspection.messages, method, status, started, auditedTool(tools.refusal));
        return;
      }
      const settings = table.settings;
      let held: Reservation | undefined;
      if (settings.hardStopAtQuota && route.quotaLimit !== null) {
        const counted = countedCalls(inspection.messages, settings.countedCalls);
        if (counted > 0) {
          const now = clock.now();
          const reserved = meter.reserve({
            connection: name,
            periodStart: route.periodStart(now),
            account: route.account ? { name: route.account.name, periodStart: route.accountPeriodStart(now)! } : null,
            count: counted,
            limit: route.quotaLimit,
            at: now,
          });
          if ('used' in reserved) {
            const status = fail(res, {
              failure: 'QUOTA_EXHAUSTED',
              connection: name,
              id: inspection.id,
              message:
                `The quota of ${route.account ? `account "${route.account.name}"` : `connection "${name}"`} is used up ` +
                `(${reserved.used} of ${route.quotaLimit} calls this period). Raise it with \`keyport set ${name} --quota <n>\` ` +
                'or turn off the hard stop (setting hardStopAtQuota).',
            });
            auditEntry(route, clientName, inspection.messages, method, status, started);
            return;
          }
          held = reserved.reservation;
        }
      }
      forwardWith(result.body, inspection, held, tools?.answers);
    });
  };
}
