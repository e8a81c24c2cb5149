// Leak sweep for the credentials of issue 19, at debug log level: an OAuth sign-in with a
// pre-registered client (its secret a canary), refreshes in `keyport serve`, login and logout, and
// a token command whose output is a canary. While it runs, every process's argv and environment are
// sampled from /proc. Afterwards every data-folder file, every new temp file, every output and
// every sample is searched: no access token, refresh token, client secret or command token anywhere.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { canaryToken, describeWithKeychain, uniqueKeychainService } from '../support/keychain-guard.js';
import { HEADLESS_BROWSER } from '../support/oauth/headless-browser.js';
import { startOAuthMcpServer, type OAuthMcpServer } from '../support/oauth/oauth-mcp-server.js';
import { runKeyport } from '../support/run-keyport.js';
import { sdkEcho, withServe } from '../support/served-proxy.js';
import { readAllFiles, tempHome } from '../support/temp-home.js';
import { startStatefulUpstream, type BearerUpstream } from '../support/upstreams/bearer-upstreams.js';
import { inheritedEnv } from './support/rpc-post.js';

/** Every process's argv and environment, as /proc shows them now. */
function processTexts(): string[] {
  const texts: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    for (const part of ['cmdline', 'environ']) {
      try {
        texts.push(fs.readFileSync(`/proc/${pid}/${part}`, 'latin1'));
      } catch {
        // Gone already.
      }
    }
  }
  return texts;
}

describeWithKeychain('robustness: OAuth, client secret and token command canaries at debug level', () => {
  const started = Date.now();
  const home = tempHome('oauth-leak');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'keyport-oauth-leak-work-'));
  const clientSecret = `cs_${canaryToken('5ec7')}`;
  const commandToken = canaryToken('c0de');
  const env: Record<string, string> = {
    ...inheritedEnv(),
    KEYPORT_HOME: home,
    KEYPORT_KEYCHAIN_SERVICE: uniqueKeychainService('oauth-leak'),
    KEYPORT_LOG_LEVEL: 'debug',
    BROWSER: HEADLESS_BROWSER,
  };
  const outputs: string[] = [];
  const samples: string[] = [];
  let sampler: NodeJS.Timeout;
  let server: OAuthMcpServer;
  let commandUpstream: BearerUpstream;

  const cli = async (args: string[], input?: string) => {
    const run = await runKeyport(args, { env, ...(input === undefined ? {} : { input }) });
    outputs.push(run.stdout, run.stderr);
    return run;
  };

  beforeAll(async () => {
    server = await startOAuthMcpServer({
      accessTtlSeconds: 2,
      preRegistered: { id: 'keyport-leak', secret: clientSecret, method: 'client_secret_post' },
      dynamicRegistration: false,
    });
    commandUpstream = await startStatefulUpstream(commandToken);
    fs.writeFileSync(path.join(work, 'token'), commandToken);
    sampler = setInterval(() => samples.push(...processTexts().filter((text) => text.includes('keyport'))), 40);
  });
  afterAll(async () => {
    clearInterval(sampler);
    await Promise.all([server.close(), commandUpstream.close()]);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('Given sign-in, refreshes, login, logout and a token command, then no secret is in any file, output, argv or environment', async () => {
    const print = `${JSON.stringify(process.execPath)} -e "process.stdout.write(require('fs').readFileSync(${JSON.stringify(
      path.join(work, 'token'),
    ).replace(/"/g, "'")}, 'utf8'))"`;
    expect(
      (await cli(['add', 'oa', '--url', server.url, '--oauth', '--client-id', 'keyport-leak'], `${clientSecret}\n`))
        .code,
    ).toBe(0);
    expect((await cli(['add', 'cmd', '--url', commandUpstream.url, '--token-command', print])).code).toBe(0);
    const key = (JSON.parse((await cli(['client', 'add', 'sweep', '--json'])).stdout) as { key: string }).key;
    await cli(['list']);
    await cli(['doctor']);
    const served = await withServe(env, async (port) => {
      const texts = [await sdkEcho({ port, connection: 'oa', key, text: 'one' })];
      await sleep(2300);
      texts.push(await sdkEcho({ port, connection: 'oa', key, text: 'two' }));
      texts.push(await sdkEcho({ port, connection: 'cmd', key, text: 'three' }));
      return texts;
    });
    expect(served.result).toEqual(['one', 'two', 'three']);
    outputs.push(served.stdout, served.stderr);
    await sleep(2300);
    expect((await cli(['check', 'oa'])).code).toBe(0);
    expect((await cli(['login', 'oa'])).code).toBe(0);
    expect((await cli(['logout', 'oa'])).code).toBe(0);
    // Positive control: a process that does carry a canary in its argv is seen by the sampler.
    const control = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 400)', 'keyport-control', commandToken]);
    await new Promise((resolve) => control.once('exit', resolve));
    clearInterval(sampler);
    const controlSamples = samples.filter((text) => text.includes('keyport-control'));
    expect(controlSamples.some((text) => text.includes(commandToken))).toBe(true);
    samples.splice(0, samples.length, ...samples.filter((text) => !text.includes('keyport-control')));

    expect(server.counts.refreshes).toBeGreaterThan(0);
    const canaries = [clientSecret, commandToken, ...server.issued];
    const files = [
      ...readAllFiles(home),
      ...fs
        .readdirSync(os.tmpdir(), { withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => path.join(os.tmpdir(), entry.name))
        .filter((file) => fs.statSync(file).mtimeMs >= started && fs.statSync(file).size < 8 * 2 ** 20)
        .map((file) => ({ file, content: fs.readFileSync(file, 'latin1') })),
    ];
    const hits = [
      ...files.filter((file) => canaries.some((canary) => file.content.includes(canary))).map((file) => file.file),
      ...outputs.filter((text) => canaries.some((canary) => text.includes(canary))).map((text) => text.slice(0, 80)),
      ...samples.filter((text) => canaries.some((canary) => text.includes(canary))).map((text) => text.slice(0, 80)),
    ];
    expect(hits).toEqual([]);
    expect(samples.length).toBeGreaterThan(0);
    process.stdout.write(
      `oauth leak sweep: ${canaries.length} canaries, ${files.length} files, ${outputs.length} outputs, ${samples.length} argv/environment samples: 0 hits\n`,
    );
  });
});
