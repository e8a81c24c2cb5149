/**
 * The request path: Host/Origin → route → local key → connection state → body and JSON-RPC
 * inspection → hard stop → token from the vault cache → upstream over the connection's own
 * undici pool, response streamed back unbuffered. Metering and the audit log are fed on the side.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock.js';
import type { CredentialSource } from '../credentials/credential-source.js';
import type { UpstreamCredential } from '../credentials/upstream-credential.js';
import { insufficientScope } from '../credentials/scope-challenge.js';
import type { OpenUpstream } from '../net/upstream-client.js';
import type { ReuseTracker } from '../net/socket-reuse.js';
import type { AnnouncedEndpoints } from './announced-endpoints.js';
import type { AuditLog } from './audit-log.js';
import { bearerOf } from './client-keys.js';
import { credentialFailure, credentialRejected, scopeNeeded } from './credential-failure.js';
import { clientResponseHeaders, upstreamRequestHeaders } from './forward-headers.js';
import type { HostCheck } from './host-check.js';
import { countedCalls, inspectJsonRpc, type RpcMessageInfo } from './jsonrpc-inspect.js';
import { sendJsonRpcError, type JsonRpcErrorOptions } from './jsonrpc-error.js';
import type { ProxyRequestHandler } from './listener/http-listener.js';
import { readBody } from './listener/read-body.js';
import { readProviderQuota } from './provider-quota.js';
import type { Route, RouteTable } from './route-table.js';
import { endpointRewritingSink } from './sse-endpoint-rewrite.js';
import type { ToolCatalog } from './tool-catalog.js';
import { gateToolRequest, gateToolStream, type AnswerFilter } from './tool-gate.js';
import { auditedTool, sendToolRefusal } from './tool-refusal.js';
import { UpstreamExchange, type ClientAnswer } from './upstream-exchange.js';
import { upstreamFailure } from './upstream-failure.js';
import type { Reservation } from './quota-reservations.js';
import type { UsageMeter } from './usage-meter.js';

export interface ProxyHandlerDeps {
  readonly hostCheck: HostCheck;
  readonly table: () => RouteTable;
  readonly credentials: CredentialSource;
  readonly meter: UsageMeter;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** The connection's own upstream pool (its credential shares connections with no other). */
  readonly upstream: (route: Route) => OpenUpstream;
  /** A dispatcher over a new connection, closed after its one request (the stale-connection retry). */
  readonly freshUpstream: (route: Route) => OpenUpstream;
  readonly reuse: ReuseTracker;
  readonly endpoints: AnnouncedEndpoints;
  /** What the proxy learnt of each connection's tools (read-only tool rules). */
  readonly tools: ToolCatalog;
}

const NO_MESSAGES: readonly RpcMessageInfo[] = [];
const FORWARDED_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const HEALTH_BODY = '{"status":"ok"}';
const KEY_HELP =
  'send a local client key as "Authorization: Bearer <key>"; create one with `keyport client add <client>`';

interface Parsed {
  readonly name: string;
  /** Upstream path for `/<name>/path/...`; undefined for the MCP endpoint itself. */
  readonly subpath: string | undefined;
  readonly query: string;
}

const DOT_SEGMENT = /%2f|%5c|\\|(^|\/)(\.|%2e){1,2}(\/|$)/i;

function parsePath(url: string): Parsed | undefined {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? '' : url.slice(q + 1);
  const slash = path.indexOf('/', 1);
  if (slash <= 1) return undefined;
  const name = path.slice(1, slash);
  const rest = path.slice(slash);
  if (rest === '/mcp') return { name, subpath: undefined, query };
  // Dot segments and encoded separators (raw or percent-encoded) could step outside the upstream's path.
  if (rest.startsWith('/path/') && !DOT_SEGMENT.test(rest)) return { name, subpath: rest.slice(5), query };
  return undefined;
}

function joinQuery(base: string, query: string): string {
  if (query === '') return base;
  return base === '' ? `?${query}` : `${base}&${query}`;
}

/** What one request carries from the checks to the upstream. */
interface Forwarding {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly route: Route;
  readonly parsed: Parsed;
  readonly client: string | null;
  readonly body: Buffer | undefined;
  readonly messages: readonly RpcMessageInfo[] | undefined;
  readonly id: string | number | null;
  readonly started: number;
  /** The hard stop's hold on the quota for this call, if it counts against one. */
  readonly held: Reservation | undefined;
  /** The tool policy's filter for the answer (tools/list), when one applies. */
  readonly answers?: AnswerFilter | undefined;
}

export function createProxyHandler(deps: ProxyHandlerDeps): ProxyRequestHandler {
  const { meter, audit, clock, credentials } = deps;

  const fail = (res: ServerResponse, options: JsonRpcErrorOptions) => sendJsonRpcError(res, options);

  const auditEntry = (
    route: Route,
    client: string | null,
    messages: readonly RpcMessageInfo[] | undefined,
    method: string,
    status: number,
    started: number,
    /** The tool the tool policy denied (the request was answered by the proxy). */
    denied?: string,
  ) => {
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

  /** `retried`: this request was sent once already and refused (401); it gets no second retry. */
  const forward = (request: Forwarding, fetched?: UpstreamCredential, retried = false): void => {
    const { req, res, route, parsed, client, messages, started, held } = request;
    const name = route.name;
    const method = req.method!;
    const connection = route.connection;
    const credential = fetched ?? credentials.cached(connection);
    if (credential === undefined) {
      credentials.get(connection).then(
        // A client that left while the credential was fetched opens no upstream request.
        (value) => {
          if (res.socket?.destroyed === false) return forward(request, value, retried);
          held?.release();
          auditEntry(route, client, messages, method, 499, started);
        },
        (error: unknown) => {
          held?.release();
          const status = fail(res, { ...credentialFailure(error, name), id: request.id });
          auditEntry(route, client, messages, method, status, started);
        },
      );
      return;
    }
    const query =
      credential.query === null
        ? parsed.query
        : parsed.query === ''
          ? credential.query
          : `${parsed.query}&${credential.query}`;
    const path =
      parsed.subpath === undefined
        ? route.pathname + joinQuery(route.search, query)
        : parsed.subpath + (query === '' ? '' : `?${query}`);
    let status = 0;
    let rejected = false;
    let rejectedHeaders: Readonly<Record<string, string | string[] | undefined>> = {};
    const settings = deps.table().settings;
    const meterHead = (statusCode: number, headers: Readonly<Record<string, string | string[] | undefined>>) => {
      const now = clock.now();
      const providerQuota = readProviderQuota(headers, now);
      if (providerQuota !== null) meter.setProviderQuota(name, providerQuota);
      if (statusCode === 401 || statusCode === 403) {
        meter.setHealth(name, { state: 'rejected', checkedAt: now.toISOString(), detail: `HTTP ${statusCode}` });
      } else if (statusCode >= 200 && statusCode < 300) {
        meter.noteSuccess(name, now);
        meter.record({
          connection: name,
          client,
          messages: messages ?? NO_MESSAGES,
          counted: messages === undefined ? 0 : countedCalls(messages, settings.countedCalls),
          periodStart: route.periodStart(now),
          account: route.account ? { name: route.account.name, periodStart: route.accountPeriodStart(now)! } : null,
          at: now,
          reservation: held,
        });
      }
    };
    let upstream = deps.upstream(route);
    const exchange = new UpstreamExchange(
      res,
      {
        onHead(statusCode, headers): ClientAnswer | null {
          status = statusCode;
          if (statusCode === 401 || statusCode === 403) {
            rejected = true;
            rejectedHeaders = headers;
            return null;
          }
          // Metering waits until the response is on its way; it is never on the request's path.
          queueMicrotask(() => meterHead(statusCode, headers));
          const contentType = headers['content-type'];
          const isSse =
            method === 'GET' && typeof contentType === 'string' && contentType.includes('text/event-stream');
          const answer = clientResponseHeaders(headers, { keepLength: !isSse });
          const filtered = (client: ClientAnswer) => request.answers?.wrap(client) ?? client;
          if (!isSse) return filtered({ status: statusCode, headers: answer, stream: false });
          const url = route.connection.url;
          return filtered({
            status: statusCode,
            headers: answer,
            stream: true,
            rewrite: {
              through: (sink) =>
                endpointRewritingSink(sink, {
                  upstreamUrl: url,
                  name,
                  onAnnounce: (pathname) => deps.endpoints.announce(name, url, pathname),
                }),
            },
          });
        },
        onDone(error, outcome) {
          // The hard stop's reservation: a 2xx is metered (and settles it); a call cut off by its
          // client after it went upstream still counts; a failure gives its room back (a refused
          // credential's once answerRejected has decided: its retry keeps the reservation).
          if (outcome.clientGone) held?.commit();
          else if (error !== undefined || (!rejected && (status < 200 || status >= 300))) held?.release();
          if (outcome.clientGone) {
            auditEntry(route, client, messages, method, status || 499, started);
            return;
          }
          if (error !== undefined) {
            if (outcome.answered) res.destroy();
            else status = fail(res, { ...upstreamFailure(error, route, upstream.proxy), id: request.id });
          } else if (rejected) {
            answerRejected();
            return;
          }
          auditEntry(route, client, messages, method, status, started);
        },
        retry(again) {
          upstream = deps.freshUpstream(route);
          upstream.dispatcher.dispatch(dispatchOptions, again);
          void upstream.close();
        },
      },
      deps.reuse,
    );
    /** 401: one more try with a new credential where one can be had (command, OAuth); 403 insufficient_scope: step-up. */
    const answerRejected = () => {
      const answer = (options: JsonRpcErrorOptions) => {
        held?.release();
        const sent = fail(res, { ...options, id: request.id });
        auditEntry(route, client, messages, method, sent, started);
      };
      const final = () => {
        meterHead(status, rejectedHeaders);
        answer(credentialRejected(connection, status));
      };
      const challenge = rejectedHeaders['www-authenticate'];
      const scope =
        status === 403 && connection.kind === 'oauth' ? insufficientScope(String(challenge ?? '')) : undefined;
      if (scope !== undefined) {
        void credentials.scopeChallenged(connection, scope);
        answer(scopeNeeded(name, scope));
        return;
      }
      if (status !== 401 || retried) return final();
      credentials.rejected(connection, credential).then(
        (verdict) => {
          if (verdict === 'final') final();
          else if (res.socket?.destroyed === false) forward(request, undefined, true);
          else {
            held?.release();
            auditEntry(route, client, messages, method, 499, started);
          }
        },
        (error: unknown) => answer(credentialFailure(error, name)),
      );
    };
    const dispatchOptions = {
      origin: route.origin,
      path,
      method: method as 'GET',
      // A body the tool policy reads must come unencoded.
      headers: upstreamRequestHeaders(req.headers, credential.headers, {
        identityEncoding: method === 'GET' || request.answers !== undefined,
      }),
      body: request.body ?? null,
    };
    upstream.dispatcher.dispatch(dispatchOptions, exchange);
  };

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
    const parsed = url.includes('/.well-known/') ? undefined : parsePath(url);
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
    const request = { req, res, route, parsed, client: clientName, started };
    if (method !== 'POST' && method !== 'PUT' && method !== 'PATCH') {
      const answers = method === 'GET' ? gateToolStream({ route, client: clientName, catalog: deps.tools }) : undefined;
      forward({ ...request, body: undefined, messages: undefined, id: null, held: undefined, answers });
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
      forward({
        ...request,
        body: result.body,
        messages: inspection.messages,
        id: inspection.id,
        held,
        answers: tools?.answers,
      });
    });
  };
}
