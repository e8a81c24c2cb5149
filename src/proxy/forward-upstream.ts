/**
 * The upstream half of the request path: the connection's credential (from memory, or fetched
 * once: a client that leaves meanwhile opens no upstream request), the request over the
 * connection's own undici pool, the answer streamed back (the endpoint rewrite and the tool
 * policy's filter in front of it), metering, the hard stop's reservation settled, and a refused
 * credential answered — once more with a new one where that can be had, or with the fix.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock.js';
import type { CredentialSource } from '../credentials/credential-source.js';
import { insufficientScope } from '../credentials/scope-challenge.js';
import type { UpstreamCredential } from '../credentials/upstream-credential.js';
import type { ReuseTracker } from '../net/socket-reuse.js';
import type { OpenUpstream } from '../net/upstream-client.js';
import type { AnnouncedEndpoints } from './announced-endpoints.js';
import { credentialFailure, credentialRejected, scopeNeeded } from './credential-failure.js';
import { clientResponseHeaders, upstreamRequestHeaders } from './forward-headers.js';
import { countedCalls, type RpcMessageInfo } from './jsonrpc-inspect.js';
import { sendJsonRpcError, type JsonRpcErrorOptions } from './jsonrpc-error.js';
import type { ProxyPath } from './proxy-path.js';
import { readProviderQuota } from './provider-quota.js';
import type { Reservation } from './quota-reservations.js';
import type { RequestAudit } from './request-audit.js';
import type { Route, RouteTable } from './route-table.js';
import { endpointRewritingSink } from './sse-endpoint-rewrite.js';
import type { AnswerFilter } from './tool-gate.js';
import { UpstreamExchange, type ClientAnswer } from './upstream-exchange.js';
import { upstreamFailure } from './upstream-failure.js';
import type { UsageMeter } from './usage-meter.js';

export interface ForwardDeps {
  readonly table: () => RouteTable;
  readonly credentials: CredentialSource;
  readonly meter: UsageMeter;
  readonly clock: Clock;
  readonly auditEntry: RequestAudit;
  /** The connection's own upstream pool (its credential shares connections with no other). */
  readonly upstream: (route: Route) => OpenUpstream;
  /** A dispatcher over a new connection, closed after its one request (the stale-connection retry). */
  readonly freshUpstream: (route: Route) => OpenUpstream;
  readonly reuse: ReuseTracker;
  readonly endpoints: AnnouncedEndpoints;
}

/** What one request carries from the checks to the upstream. */
export interface Forwarding {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly route: Route;
  readonly parsed: ProxyPath;
  readonly client: string | null;
  readonly body: Buffer | undefined;
  readonly messages: readonly RpcMessageInfo[] | undefined;
  readonly id: string | number | null;
  readonly started: number;
  /** The hard stop's hold on the quota for this call, if it counts against one. */
  readonly held: Reservation | undefined;
  /** The tool policy's filter for the answer (tools/list), when one applies. */
  readonly answers: AnswerFilter | undefined;
}

const NO_MESSAGES: readonly RpcMessageInfo[] = [];

function joinQuery(base: string, query: string): string {
  if (query === '') return base;
  return base === '' ? `?${query}` : `${base}&${query}`;
}

export function createForwarder(deps: ForwardDeps): (request: Forwarding) => void {
  const { meter, clock, credentials, auditEntry } = deps;
  const fail = (res: ServerResponse, options: JsonRpcErrorOptions) => sendJsonRpcError(res, options);

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

  return (request) => forward(request);
}
