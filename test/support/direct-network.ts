/** An upstream client that ignores the environment's proxies: for tests against loopback upstreams. */
import { createUpstreamClient, type UpstreamClient } from '../../src/net/upstream-client.js';

export function directNetwork(): UpstreamClient {
  return createUpstreamClient({ env: {}, proxySetting: () => 'none' });
}
