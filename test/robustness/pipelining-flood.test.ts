// 64 MiB of pipelined `GET /health` on 4 connections that never read an answer, against
// `keyport serve` as a child process: node:http parses a connection's next request only as its
// answers drain, so the proxy's memory stays bounded and it keeps answering everyone else.
// The proxy stops reading: it takes what the kernel's socket buffers hold (~20 MiB), not the 64.
// The growth that remains is the runtime's: V8 grows its heap under any sustained allocation (its
// young generation to 32 MiB on Node 20, 64 MiB on Node 26, where a bare node:http server's growth
// under the same flood varies from ~95 to ~160 MiB from run to run), so that bare server is
// measured too, as the reference for what the runtime itself adds. The old listener took all
// 64 MiB and grew ~14× that.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithKeychain, uniqueKeychainService } from '../support/keychain-guard.js';
import { bareServerFloodGrowth, floodGrowth } from '../support/pipelining-flood.js';
import { tempHome } from '../support/temp-home.js';
import { startServe, type ServeProcess } from './support/serve-process.js';

describeWithKeychain('robustness: a pipelining flood', () => {
  const home = tempHome('flood');
  let serve: ServeProcess;

  beforeAll(async () => {
    serve = await startServe({ env: { KEYPORT_HOME: home, KEYPORT_KEYCHAIN_SERVICE: uniqueKeychainService('flood') } });
  });

  afterAll(async () => {
    await serve?.stop();
  });

  it('Given 64 MiB of unread pipelined /health on 4 connections, then the proxy stops reading, RSS grows by 64 MiB at most (or what the runtime itself adds), and it keeps answering', async () => {
    const reference = await bareServerFloodGrowth();
    const flood = await floodGrowth(serve.pid, serve.port);
    console.log(
      `pipelining flood (Node ${process.versions.node}): the proxy took ${flood.tookMiB.toFixed(1)} MiB of 64; ` +
        `RSS +${flood.growthMiB.toFixed(1)} MiB (a bare node:http server: +${reference.growthMiB.toFixed(1)} MiB)`,
    );
    // Mid-flood (both cores busy with it) the probe still gets its answer; once the flood stalls, at once.
    expect(flood.during.status).toBe(200);
    expect(flood.during.ms).toBeLessThan(3000);
    expect(flood.after.status).toBe(200);
    expect(flood.after.ms).toBeLessThan(1000);
    expect(flood.tookMiB).toBeLessThanOrEqual(32);
    expect(flood.growthMiB).toBeLessThanOrEqual(Math.max(64, reference.growthMiB * 2));
  });
});
