/** The JSON-RPC errors the bridge answers with itself; each names the fix. Never holds a secret. */
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

export type BridgeFailure = 'NOT_RUNNING' | 'NO_KEY' | 'REFUSED';

const CODES: Record<BridgeFailure, number> = { NOT_RUNNING: -32020, NO_KEY: -32021, REFUSED: -32022 };

/** The JSON-RPC error object inside a relayed proxy refusal ("… Error POSTing to endpoint: {json}"), if any. */
function relayedError(text: unknown): { code: number; message: string; data?: unknown } | undefined {
  if (typeof text !== 'string') return undefined;
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  try {
    const body = JSON.parse(text.slice(start)) as { error?: { code?: unknown; message?: unknown; data?: unknown } };
    const error = body.error;
    if (error && typeof error.code === 'number' && typeof error.message === 'string') {
      return { code: error.code, message: error.message, ...(error.data === undefined ? {} : { data: error.data }) };
    }
  } catch {
    return undefined;
  }
  return undefined;
}

export function bridgeErrorFor(options: {
  readonly id: string | number;
  readonly failure: BridgeFailure;
  readonly url: URL;
  readonly client: string;
  readonly relayed?: unknown;
}): JSONRPCMessage {
  const { failure, url } = options;
  let error: { code: number; message: string; data?: unknown };
  switch (failure) {
    case 'NOT_RUNNING':
      error = {
        code: CODES.NOT_RUNNING,
        message: `Keyport is not running on ${url.host}: start it with \`keyport serve\` or open the Keyport app, then retry.`,
      };
      break;
    case 'NO_KEY':
      error = {
        code: CODES.NO_KEY,
        message: `The Keyport bridge has no local key for ${options.client}: run \`keyport connect ${options.client} --write\`, then retry.`,
      };
      break;
    case 'REFUSED':
      error = relayedError(options.relayed) ?? {
        code: CODES.REFUSED,
        message: `The Keyport proxy at ${url.host} refused the request; run \`keyport doctor\` for details.`,
      };
      break;
  }
  return { jsonrpc: '2.0', id: options.id, error: { ...error, data: { reason: failure, ...asObject(error.data) } } };
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
