/**
 * The parts of undici Keyport uses, each required on its own: `import { Agent } from 'undici'`
 * evaluates the whole package (fetch, WebSocket, cache, mock agents…), ~10 MB of resident memory
 * a long-running `keyport serve` never uses. undici has no `exports` map, so these CommonJS paths
 * are the very classes its index re-exports; the version is pinned in package.json. Each loads on
 * first use: a CLI command that calls no upstream loads none of it, and only a configured proxy
 * loads the proxy agent, only a verification loads fetch.
 */
import { createRequire } from 'node:module';
import type * as Undici from 'undici';

const require = createRequire(import.meta.url);

export type { Dispatcher } from 'undici';

export function loadAgent(): typeof Undici.Agent {
  return require('undici/lib/dispatcher/agent.js') as typeof Undici.Agent;
}

export function loadPool(): typeof Undici.Pool {
  return require('undici/lib/dispatcher/pool.js') as typeof Undici.Pool;
}

/** undici's connector factory (TLS, keep-alive, connect timeout), as Pool builds it from `connect` options. */
export function loadBuildConnector(): typeof Undici.buildConnector {
  return require('undici/lib/core/connect.js') as typeof Undici.buildConnector;
}

/**
 * ProxyAgent opens its CONNECT tunnels with `Dispatcher.prototype.connect`, a method undici's index
 * adds (`Object.assign(Dispatcher.prototype, api)`); without the index it is missing and every
 * https request through a proxy fails with "this[kClient].connect is not a function". So the
 * index's own api-connect is added here, as the index would.
 */
export function loadProxyAgent(): typeof Undici.ProxyAgent {
  const dispatcher = require('undici/lib/dispatcher/dispatcher.js') as typeof Undici.Dispatcher;
  const prototype = dispatcher.prototype as { connect?: unknown };
  if (typeof prototype.connect !== 'function') prototype.connect = require('undici/lib/api/api-connect.js');
  return require('undici/lib/dispatcher/proxy-agent.js') as typeof Undici.ProxyAgent;
}

/** undici's `request` (the Dispatcher method its index adds), called with the dispatcher as `this`. */
export function loadRequest(): (
  this: Undici.Dispatcher,
  options: Undici.Dispatcher.RequestOptions,
) => Promise<Undici.Dispatcher.ResponseData> {
  return require('undici/lib/api/api-request.js') as ReturnType<typeof loadRequest>;
}

/** undici's fetch (with its `dispatcher` option), for the MCP SDK's transport. */
export function loadFetch(): typeof Undici.fetch {
  return (require('undici') as typeof Undici).fetch;
}
