// Leak sweep: plant canary tokens, run a representative session at debug log level — CLI add,
// list, set, pause/resume, rotate, doctor, connect, `keyport serve` with real SDK traffic,
// refusals and upstream rejections, audit and usage flushes — then search every file written
// (data folder, client configs, new temp files), every log and every process's stdout/stderr.
// The tokens appear nowhere; the local client key appears only in its key file, the client's
// config and the `connect` output meant for the user.
import { readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readClientKeyFile } from '../../src/clients/client-key-file.js';
import { canaryToken, describeWithKeychain, uniqueKeychainService } from '../support/keychain-guard.js';
import { jsonRpcPost, rawRequest } from '../support/raw-http.js';
import { runKeyport } from '../support/run-keyport.js';
import { readAllFiles, tempHome } from '../support/temp-home.js';
import { startStatefulUpstream, type BearerUpstream } from '../support/upstreams/bearer-upstreams.js';
import { startServe, type ServeProcess } from './support/serve-process.js';
import { inheritedEnv } from './support/rpc-post.js';

interface Output {
  readonly source: string;
  readonly text: string;
  /** Output meant for the user that may show the local key (connect's snippet). */
  readonly mayShowKey: boolean;
}

/** Files under the temp folder changed since `since` (other than the ones already searched). */
function newTempFiles(since: number, skip: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const file = path.join(dir, entry.name);
      if (skip.some((root) => file.startsWith(root))) continue;
      try {
        if (entry.isDirectory() && depth < 6) walk(file, depth + 1);
        else if (entry.isFile() && statSync(file).mtimeMs >= since && statSync(file).size < 8 * 2 ** 20)
          found.push(file);
      } catch {
        // Removed while walking (other test runs share the temp folder).
      }
    }
  };
  walk(tmpdir(), 0);
  return found;
}

describeWithKeychain('robustness: leak sweep with canary tokens at debug level', () => {
  const first = canaryToken('1eaf');
  const second = canaryToken('2eaf');
  const started = Date.now();
  let upstream: BearerUpstream;
  let serve: ServeProcess | undefined;
  const outputs: Output[] = [];
  const home = tempHome('leak-sweep');
  const userHome = tempHome('leak-sweep-user');
  const env: Record<string, string> = {
    ...inheritedEnv(),
    KEYPORT_HOME: home,
    HOME: userHome,
    XDG_CONFIG_HOME: path.join(userHome, '.config'),
    KEYPORT_KEYCHAIN_SERVICE: uniqueKeychainService('leak-sweep'),
    KEYPORT_LOG_LEVEL: 'debug',
  };
  const cli = async (args: string[], input?: string, expectCode: number | null = 0) => {
    const run = await runKeyport(args, { env, ...(input === undefined ? {} : { input }) });
    outputs.push({ source: `keyport ${args[0]} stdout`, text: run.stdout, mayShowKey: args[0] === 'connect' });
    outputs.push({ source: `keyport ${args[0]} stderr`, text: run.stderr, mayShowKey: false });
    if (expectCode !== null) expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(expectCode);
    return run;
  };

  beforeAll(async () => {
    upstream = await startStatefulUpstream(first);
  });

  afterAll(async () => {
    await serve?.stop();
    await runKeyport(['remove', 'svc'], { env }).catch(() => undefined);
    await upstream?.close();
  });

  it('Given a full session with two canary tokens, then no token appears in any file, log or output, and the local key only where the user needs it', async () => {
    // CLI: add (verified against the real upstream), list, set, pause/resume, doctor, connect.
    await cli(['add', 'svc', '--url', upstream.url, '--quota', '5000', '--expires', '90d'], `${first}\n`);
    await cli(['list']);
    await cli(['set', 'svc', '--quota', '6000'], undefined, null);
    await cli(['pause', 'svc']);
    await cli(['resume', 'svc']);
    await cli(['doctor'], undefined, null);
    await cli(['connect', 'cursor', 'svc', '--write'], undefined, null);
    await cli(['add', 'bad', '--url', upstream.url], 'sk_live_not_the_right_token_0000\n', 1);
    await cli(['add', 'bad2', '--url', upstream.url, '--no-verify'], `${first}x\n`, null);

    serve = await startServe({ env });
    const key = await readClientKeyFile(home, 'cursor');
    expect(key).not.toBeNull();
    const localKey = key!;

    // Real SDK traffic through the proxy: initialize, list, calls with progress notifications.
    const client = new Client({ name: 'leak-sweep', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${serve.port}/svc/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${localKey}` } },
      }),
    );
    await client.listTools();
    for (let index = 0; index < 5; index += 1) {
      await client.callTool({ name: 'echo', arguments: { text: `hello ${index}` } });
    }
    await client.callTool({ name: 'count', arguments: { n: 3 } }, undefined, { onprogress: () => undefined });
    // Refusals: wrong key, no key, parse error, and an upstream that rejects the token.
    const post = (headers: Record<string, string>, body = jsonRpcPost(1, 'tools/list')) =>
      rawRequest({
        port: serve!.port,
        path: '/svc/mcp',
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
        body,
      }).then((response) => {
        outputs.push({ source: `response ${response.status}`, text: JSON.stringify(response), mayShowKey: false });
        return response;
      });
    expect((await post({ authorization: `Bearer ${localKey}x` })).status).toBe(401);
    expect((await post({})).status).toBe(401);
    expect((await post({ authorization: `Bearer ${localKey}` }, '{oops')).status).toBe(400);
    upstream.setToken(second);
    expect((await post({ authorization: `Bearer ${localKey}` })).status).toBe(401);

    // Rotate to the second canary (verified) while serving; traffic continues with it.
    await cli(['rotate', 'svc'], `${second}\n`);
    await expect
      .poll(
        () =>
          client.callTool({ name: 'echo', arguments: { text: 'after rotate' } }).then(
            () => 'ok',
            () => 'failed',
          ),
        { timeout: 5000 },
      )
      .toBe('ok');
    await client.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await cli(['list']);
    await serve.stop();
    const { stdout, stderr } = serve.output();
    outputs.push({ source: 'serve stdout', text: stdout, mayShowKey: false });
    outputs.push({ source: 'serve stderr', text: stderr, mayShowKey: false });
    serve = undefined;
    // The session really was metered and audited.
    const dataFiles = readAllFiles(home);
    expect(dataFiles.map((file) => path.basename(file.file))).toEqual(
      expect.arrayContaining(['metadata.json', 'usage.json']),
    );
    expect(dataFiles.some((file) => file.content.includes('tools/call'))).toBe(true);
    const userFiles = readAllFiles(userHome);
    const tempFiles = newTempFiles(started, [home, userHome]).map((file) => ({
      file,
      content: readAllFiles(path.dirname(file)).find((entry) => entry.file === file)?.content ?? '',
    }));
    const searched = [...dataFiles, ...userFiles, ...tempFiles];
    const keyFileOrConfig = (file: string) =>
      file.startsWith(userHome) || /client|key/i.test(path.basename(path.dirname(file)) + path.basename(file));

    const tokenHits = [
      ...searched
        .filter((file) => file.content.includes(first) || file.content.includes(second))
        .map((file) => file.file),
      ...outputs
        .filter((output) => output.text.includes(first) || output.text.includes(second))
        .map((output) => output.source),
    ];
    const keyHits = [
      ...searched
        .filter((file) => file.content.includes(localKey) && !keyFileOrConfig(file.file))
        .map((file) => file.file),
      ...outputs
        .filter((output) => !output.mayShowKey && output.text.includes(localKey))
        .map((output) => output.source),
    ];
    expect(tokenHits).toEqual([]);
    expect(keyHits).toEqual([]);
    // The key file and the client config do hold the key (so the sweep can see it when it leaks).
    expect(searched.some((file) => file.content.includes(localKey))).toBe(true);
    process.stdout.write(
      `leak sweep: searched ${searched.length} files and ${outputs.length} outputs (${
        outputs.reduce((sum, output) => sum + output.text.length, 0) +
        searched.reduce((sum, file) => sum + file.content.length, 0)
      } bytes): 0 token hits, 0 misplaced local-key hits\n`,
    );
  });
});
