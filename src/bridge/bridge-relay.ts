/**
 * The stdio bridge: a transport-level relay between a stdio MCP client (Claude Desktop runs
 * it as a command) and the proxy route `http://127.0.0.1:<port>/<name>/mcp`. JSON-RPC messages
 * pass through unchanged both ways (StdioLineTransport ⇄ HttpRelayTransport, both implementing the SDK's
 * Transport interface without loading the SDK at run time, which costs ~100 ms of start-up);
 * the bridge only adds the local key header, and answers requests itself when the proxy
 * cannot: not running (tell the user to start Keyport), no local key (tell them to connect),
 * or a refusal whose JSON-RPC error it relays as is. It keeps the session across proxy
 * restarts (same session id on a fresh transport) and re-initialises when the session is gone.
 */
import type { Readable, Writable } from 'node:stream';
import type { JSONRPCMessage, JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../logger.js';
import { bridgeErrorFor, type BridgeFailure } from './bridge-errors.js';
import { HttpRelayTransport, ProxyHttpError } from './http-relay-transport.js';
import { StdioLineTransport } from './stdio-line-transport.js';

export interface BridgeOptions {
  readonly url: URL;
  /** Reads the local key (null when there is none yet); called again after a 401, so a new key is picked up. */
  readonly readKey: () => Promise<string | null>;
  readonly input: Readable;
  readonly output: Writable;
  readonly logger: Logger;
  /** The client whose key the bridge uses, for messages (`keyport connect <client> --write`). */
  readonly client: string;
}

type Id = string | number;

/**
 * After stdin ends, how long the bridge waits for the answers to the requests it already read
 * (`printf '%s\n' "$INIT" | keyport bridge gh` closes stdin at once). Past it, each unanswered
 * request gets an error saying so: every request read is answered before the bridge exits.
 */
const DRAIN_MS = 60_000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function isRequest(message: JSONRPCMessage): message is JSONRPCRequest {
  return 'method' in message && 'id' in message && message.id !== undefined;
}

function responseId(message: JSONRPCMessage): Id | undefined {
  return !('method' in message) && 'id' in message ? (message.id as Id) : undefined;
}

/** Runs until stdin ends (or stdout breaks); then closes the HTTP side and resolves. */
export async function runBridge(options: BridgeOptions): Promise<void> {
  const { logger } = options;
  const stdio = new StdioLineTransport(options.input, options.output);
  let key: string | null = null;
  let http: HttpRelayTransport | undefined;
  let sessionId: string | undefined;
  let protocolVersion: string | undefined;
  let initialize: JSONRPCRequest | undefined;
  const pendingInitialize = new Set<Id>();
  const internal = new Map<Id, (message: JSONRPCMessage) => void>();
  let internalCounter = 0;
  let closed = false;
  const inFlight = new Set<Promise<void>>();
  /** Requests read from the client and not answered yet: id → what settles its answer's promise. */
  const unanswered = new Map<Id, () => void>();
  const answers = new Set<Promise<void>>();
  const expectAnswer = (id: Id): void => {
    const answer = new Promise<void>((resolve) => unanswered.set(id, resolve));
    answers.add(answer);
    void answer.then(() => answers.delete(answer));
  };

  const toClient = (message: JSONRPCMessage): void => {
    if (closed) return;
    stdio.send(message).catch((error: unknown) => logger.warn('could not write to stdout', { error: String(error) }));
    const id = responseId(message);
    if (id !== undefined) {
      unanswered.get(id)?.();
      unanswered.delete(id);
    }
  };

  const fail = (request: JSONRPCRequest, failure: BridgeFailure, relayed?: unknown): void => {
    toClient(bridgeErrorFor({ id: request.id, failure, url: options.url, client: options.client, relayed }));
  };

  const openHttp = async (): Promise<HttpRelayTransport> => {
    await http?.close().catch(() => undefined);
    const transport = new HttpRelayTransport({
      url: options.url,
      headers: { authorization: `Bearer ${key ?? ''}` },
      ...(sessionId === undefined ? {} : { sessionId }),
      ...(protocolVersion === undefined ? {} : { protocolVersion }),
    });
    transport.onmessage = (message) => {
      sessionId = transport.sessionId ?? sessionId;
      const id = responseId(message);
      if (id !== undefined && pendingInitialize.delete(id) && 'result' in message) {
        const version = (message.result as { protocolVersion?: unknown }).protocolVersion;
        if (typeof version === 'string') {
          protocolVersion = version;
          transport.setProtocolVersion(version);
        }
      }
      const waiter = id === undefined ? undefined : internal.get(id);
      if (waiter !== undefined && id !== undefined) {
        internal.delete(id);
        waiter(message);
        return;
      }
      toClient(message);
    };
    // Failures of sends are handled where they are awaited; this sees the GET stream's (never a secret).
    transport.onerror = (error) => logger.debug('proxy stream', { error: error.message });
    await transport.start();
    http = transport;
    return transport;
  };

  // Key reads and transport swaps run one at a time, in arrival order.
  let queue: Promise<unknown> = Promise.resolve();
  const ensureKey = (refresh: boolean): Promise<boolean> => {
    const run = async (): Promise<boolean> => {
      if (key === null || refresh) {
        const next = await options.readKey();
        const changed = next !== key;
        key = next;
        if (changed || http === undefined) await openHttp();
        return changed;
      }
      if (http === undefined) await openHttp();
      return false;
    };
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  };

  /** Replays the client's initialize on a fresh session (after the upstream forgot ours). */
  const reinitialize = async (): Promise<void> => {
    if (initialize === undefined) return;
    sessionId = undefined;
    const transport = await openHttp();
    const id = `keyport-bridge-reinit-${(internalCounter += 1)}`;
    const answered = new Promise<JSONRPCMessage>((resolve) => internal.set(id, resolve));
    await transport.send({ ...initialize, id });
    await answered;
    sessionId = transport.sessionId;
    await transport.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    logger.info('session re-initialised after the proxy lost it');
  };

  const forward = async (message: JSONRPCMessage, attempt: number): Promise<void> => {
    const request = isRequest(message) ? message : undefined;
    await ensureKey(false);
    if (key === null) {
      if (request) fail(request, 'NO_KEY');
      return;
    }
    try {
      await http?.send(message);
    } catch (error) {
      const status = error instanceof ProxyHttpError ? error.status : undefined;
      if (status === undefined) {
        logger.warn('Keyport proxy unreachable', {
          url: options.url.origin,
          code: (error as NodeJS.ErrnoException).code ?? (error as Error).message,
        });
        if (request) fail(request, 'NOT_RUNNING');
        return;
      }
      if (attempt === 0 && status === 401 && (await ensureKey(true))) return forward(message, 1);
      // 404 on a session: the upstream forgot it (restarted). Replay the client's initialize once, then retry.
      if (attempt === 0 && status === 404 && sessionId !== undefined && request && request.method !== 'initialize') {
        await reinitialize().catch((reason: unknown) => logger.warn('re-initialise failed', { error: String(reason) }));
        return forward(message, 1);
      }
      logger.warn('proxy refused a message', { status });
      if (request) fail(request, 'REFUSED', (error as ProxyHttpError).body);
    }
  };

  await new Promise<void>((resolve) => {
    let closing = false;
    const shutdown = (outputBroken = false): void => {
      if (closing) return;
      closing = true;
      if (outputBroken) unanswered.clear(); // no answer can reach the client any more
      // Answer every request already read (the answer may come long after its POST returned, on
      // an SSE stream), then close both sides.
      const drained = Promise.race([
        Promise.allSettled([...inFlight]).then(() => (outputBroken ? undefined : Promise.all([...answers]))),
        delay(DRAIN_MS).then(() => {
          for (const id of unanswered.keys()) {
            toClient({
              jsonrpc: '2.0',
              id,
              error: { code: -32603, message: 'keyport bridge: stdin closed and the proxy did not answer in time.' },
            });
          }
        }),
      ]);
      void drained.then(async () => {
        closed = true;
        await Promise.allSettled([stdio.close(), http?.close()]);
        resolve();
      });
    };
    stdio.onmessage = (message) => {
      if (isRequest(message)) expectAnswer(message.id);
      if (isRequest(message) && message.method === 'initialize') {
        initialize = message;
        pendingInitialize.add(message.id);
        sessionId = undefined;
        void http?.close().catch(() => undefined);
        http = undefined;
      }
      const sending = forward(message, 0).catch((error: unknown) =>
        logger.warn('could not relay a message', { error: error instanceof Error ? error.message : 'unknown' }),
      );
      inFlight.add(sending);
      void sending.finally(() => inFlight.delete(sending));
    };
    stdio.onerror = (error) => logger.warn('unreadable message from the client', { error: error.message });
    options.input.once('end', () => shutdown());
    options.input.once('close', () => shutdown());
    options.output.once('error', () => shutdown(true));
    void stdio.start();
  });
}
