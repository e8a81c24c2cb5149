/**
 * Leaves denied tools out of `tools/list` answers on their way to the client: every JSON-RPC
 * response whose `result.tools` is an array loses the tools the rule denies (the rest of the
 * message — `nextCursor`, `_meta`, other results of a batch — is kept). A JSON answer is read
 * whole (bounded; sent unchanged when nothing was left out); an SSE stream event by event, holding
 * at most one event, bounded too. Notifications (`notifications/tools/list_changed`) and every
 * other message pass unchanged.
 */
import { AnswerRewriteError, type BodySink } from './upstream-exchange.js';
import { SseEventSplitter, sseEventData, withSseEventData } from './sse-events.js';

/** The largest JSON answer, and the largest SSE event, held to apply a tool policy. */
export const MAX_FILTERED_BYTES = 16 * 1024 * 1024;

/** Whether a listed tool may be shown (and, on the side, what the listing taught). */
export type ListedToolCheck = (name: string, readOnly: boolean) => boolean;

/** JSON-RPC ids in one form for matching (a request's `1` and a response's `1`; `"1"` is another id). */
export function rpcIdKey(id: unknown): string | undefined {
  if (typeof id === 'number') return `n:${id}`;
  if (typeof id === 'string') return `s:${id}`;
  return undefined;
}

interface Filtered {
  readonly message: unknown;
  readonly changed: boolean;
}

function filterResponse(message: unknown, check: ListedToolCheck, answered: (id: unknown) => void): Filtered {
  if (typeof message !== 'object' || message === null) return { message, changed: false };
  const response = message as { id?: unknown; result?: unknown };
  if (!('result' in response) && !('error' in response)) return { message, changed: false };
  answered(response.id);
  const result = response.result as { tools?: unknown } | null | undefined;
  if (typeof result !== 'object' || result === null || !Array.isArray(result.tools)) return { message, changed: false };
  const kept = result.tools.filter((tool: unknown) => {
    const { name, annotations } = (typeof tool === 'object' && tool !== null ? tool : {}) as {
      name?: unknown;
      annotations?: { readOnlyHint?: unknown } | null;
    };
    // A tool without a name cannot be called by one: it is not the policy's to judge.
    if (typeof name !== 'string') return true;
    return check(name, annotations?.readOnlyHint === true);
  });
  if (kept.length === result.tools.length) return { message, changed: false };
  return { message: { ...response, result: { ...result, tools: kept } }, changed: true };
}

/** A single message or a batch, with denied tools left out of every tools result in it. */
export function filterToolLists(value: unknown, check: ListedToolCheck, answered: (id: unknown) => void): Filtered {
  if (!Array.isArray(value)) return filterResponse(value, check, answered);
  let changed = false;
  const messages = value.map((message: unknown) => {
    const filtered = filterResponse(message, check, answered);
    changed ||= filtered.changed;
    return filtered.message;
  });
  return { message: changed ? messages : value, changed };
}

// Decoded the way fetch's Response.json() decodes (a UTF-8 BOM is dropped), so the proxy reads
// every answer a client would.
const utf8 = new TextDecoder('utf-8');

/** A whole JSON answer with denied tools left out; the same bytes when nothing was. */
export function filterJsonAnswer(body: Buffer, check: ListedToolCheck): Buffer {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(body));
  } catch {
    throw new AnswerRewriteError('an answer to tools/list that is not valid JSON (the tool policy cannot be applied)');
  }
  const filtered = filterToolLists(value, check, () => undefined);
  return filtered.changed ? Buffer.from(JSON.stringify(filtered.message), 'utf8') : body;
}

export interface ToolFilteringSinkOptions {
  readonly check: ListedToolCheck;
  /**
   * The tools/list request ids of this HTTP request (rpcIdKey): once each has its answer, the rest
   * of the stream passes without being read. Undefined: read every event (a GET stream).
   */
  readonly pending?: Set<string>;
  readonly maxEventBytes?: number;
}

/** Puts the tools/list filter in front of `sink` for an SSE body. */
export function toolFilteringSink(sink: BodySink, options: ToolFilteringSinkOptions): BodySink {
  const splitter = new SseEventSplitter();
  const limit = options.maxEventBytes ?? MAX_FILTERED_BYTES;
  const pending = options.pending;
  let first = true;
  let passing = false;
  let cut = false;
  const answered = (id: unknown) => {
    const key = rpcIdKey(id);
    if (pending !== undefined && key !== undefined) pending.delete(key);
  };

  const event = (raw: Buffer): Buffer => {
    const text = raw.toString('utf8');
    const isFirst = first;
    first = false;
    const data = sseEventData(text, isFirst);
    if (data === undefined) return raw;
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch {
      return raw; // not JSON: no client reads it as an answer
    }
    const filtered = filterToolLists(value, options.check, answered);
    if (pending !== undefined && pending.size === 0) passing = true;
    return filtered.changed ? Buffer.from(withSseEventData(text, JSON.stringify(filtered.message), isFirst)) : raw;
  };
  /** The events `chunk` completes, filtered; after the last awaited answer, the rest as it is. */
  const through = (chunk: Buffer): Buffer[] => {
    const out: Buffer[] = [];
    for (const raw of splitter.push(chunk)) out.push(passing ? raw : event(raw));
    if (passing) out.push(splitter.rest());
    return out;
  };

  return {
    write(chunk) {
      if (cut) return true;
      if (passing) return sink.write(chunk);
      const out = through(chunk);
      if (splitter.pendingBytes > limit) {
        // An event this large is not held: the stream is cut rather than let through unread.
        cut = true;
        sink.destroy();
        return true;
      }
      return out.length === 0 ? true : sink.write(Buffer.concat(out));
    },
    end(chunk) {
      if (cut) return;
      const out = passing ? (chunk === undefined ? [] : [chunk]) : through(chunk ?? Buffer.alloc(0));
      // An unfinished last event is read too: a client that took it as complete sees it filtered.
      const rest = splitter.rest();
      if (rest.length > 0) out.push(passing ? rest : event(rest));
      sink.end(out.length === 0 ? undefined : Buffer.concat(out));
    },
    onceDrain(listener) {
      sink.onceDrain(listener);
    },
    destroy() {
      sink.destroy();
    },
  };
}
