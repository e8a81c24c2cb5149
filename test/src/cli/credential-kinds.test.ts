// Credentials other than `Authorization: Bearer` through the built CLI: a header of the provider's
// choosing, a query parameter, and a token printed by a command — against real MCP SDK servers,
// through `keyport serve` and an SDK client, with canary tokens that must reach no file and no output.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TokenSummary } from '../../../src/contract/dto.js';
import {
  canaryToken,
  describeWithKeychain,
  secretToolSearch,
  uniqueKeychainService,
} from '../../support/keychain-guard.js';
import { runKeyport, type KeyportRun } from '../../support/run-keyport.js';
import { sdkEcho, withServe } from '../../support/served-proxy.js';
import { readAllFiles, tempHome } from '../../support/temp-home.js';
import { startStatefulUpstream, type BearerUpstream } from '../../support/upstreams/bearer-upstreams.js';

describeWithKeychain('credential kinds through the built CLI (header, query parameter, token command)', () => {
  const home = tempHome('cli-kinds');
  const service = uniqueKeychainService('kinds');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'keyport-kinds-work-'));
  const tokenFile = path.join(work, 'current-token');
  const runsFile = path.join(work, 'runs');
  const env = { ...process.env, KEYPORT_HOME: home, KEYPORT_KEYCHAIN_SERVICE: service, KEYPORT_PORT: '0' };
  const apiKey = canaryToken('a9e1');
  const queryKey = canaryToken('b7e2');
  const commandToken = canaryToken('c0d3');
  const nextCommandToken = canaryToken('c0d4');
  const outputs: KeyportRun[] = [];
  let headerUpstream: BearerUpstream;
  let queryUpstream: BearerUpstream;
  let commandUpstream: BearerUpstream;
  let key: string;

  // The command reads the token from a file the test controls and counts its runs.
  const script = path.join(work, 'print-token.mjs');
  fs.writeFileSync(
    script,
    `import fs from 'node:fs';\nfs.appendFileSync(${JSON.stringify(runsFile)}, 'run\\n');\n` +
      `process.stdout.write(fs.readFileSync(${JSON.stringify(tokenFile)}, 'utf8') + '\\n');\n`,
  );
  const commandLine = `${JSON.stringify(process.execPath)} ${script}`;
  const runs = () => (fs.existsSync(runsFile) ? fs.readFileSync(runsFile, 'utf8').split('\n').length - 1 : 0);

  const keyport = async (args: string[], input?: string) => {
    const result = await runKeyport(args, { env, ...(input === undefined ? {} : { input }) });
    outputs.push(result);
    return result;
  };
  const list = async () => JSON.parse((await keyport(['list', '--json'])).stdout) as TokenSummary[];

  beforeAll(async () => {
    fs.writeFileSync(tokenFile, commandToken);
    headerUpstream = await startStatefulUpstream(apiKey, {
      accepts: (req, expected) => req.headers['x-api-key'] === expected && req.headers.authorization === undefined,
    });
    queryUpstream = await startStatefulUpstream(queryKey, {
      accepts: (req, expected) => new URL(req.url ?? '/', 'http://x').searchParams.get('key') === expected,
    });
    commandUpstream = await startStatefulUpstream(commandToken);
    key = (JSON.parse((await keyport(['client', 'add', 'kinds', '--json'])).stdout) as { key: string }).key;
  });
  afterAll(async () => {
    await Promise.all([headerUpstream.close(), queryUpstream.close(), commandUpstream.close()]);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("Given --header 'X-API-Key: {token}', when added and called through keyport serve, then the upstream gets X-API-Key and no Authorization", async () => {
    const added = await keyport(['add', 'hdr', '--url', headerUpstream.url, '--header', 'X-API-Key: {token}'], apiKey);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('Verified: stateful-upstream');
    const served = await withServe(env, (port) => sdkEcho({ port, connection: 'hdr', key, text: 'via header' }));
    expect(served.result).toBe('via header');
    const seen = headerUpstream.seen.filter((request) => request.method === 'POST');
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((request) => request.headers['x-api-key'] === apiKey)).toBe(true);
    expect(seen.some((request) => 'authorization' in request.headers)).toBe(false);
    const [summary] = (await list()).filter((token) => token.name === 'hdr');
    expect(summary?.headers).toEqual([{ name: 'x-api-key', template: '{token}' }]);
    expect(secretToolSearch(service)).toContain(apiKey);
  });

  it('Given --query-param key, then a warning names the risk and the token reaches the upstream only in the query', async () => {
    const added = await keyport(['add', 'qp', '--url', queryUpstream.url, '--query-param', 'key'], queryKey);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toMatch(/warning: .*URL query string/);
    expect(added.stderr).not.toContain(queryKey);
    const served = await withServe(env, (port) => sdkEcho({ port, connection: 'qp', key, text: 'via query' }));
    expect(served.result).toBe('via query');
    const posts = queryUpstream.seen.filter((request) => request.method === 'POST');
    expect(posts.every((request) => request.url === `/mcp?key=${queryKey}`)).toBe(true);
    expect(posts.some((request) => 'authorization' in request.headers)).toBe(false);
  });

  it('Given --token-command, when added and served, then calls work, the command runs once per TTL, and again after a 401', async () => {
    const added = await keyport(['add', 'cmd', '--url', commandUpstream.url, '--token-command', commandLine]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('Verified: stateful-upstream');
    expect(runs()).toBe(1);
    const [summary] = (await list()).filter((token) => token.name === 'cmd');
    expect(summary).toMatchObject({
      kind: 'command',
      masked: '$(node)',
      tokenCommand: { line: commandLine, ttlSeconds: 300 },
    });

    const served = await withServe(env, async (port) => {
      const first = await sdkEcho({ port, connection: 'cmd', key, text: 'one' });
      const second = await sdkEcho({ port, connection: 'cmd', key, text: 'two' });
      const runsBefore = runs();
      // The provider rotates the token: the next call gets 401, the command runs again, the call is retried once.
      fs.writeFileSync(tokenFile, nextCommandToken);
      commandUpstream.setToken(nextCommandToken);
      const third = await sdkEcho({ port, connection: 'cmd', key, text: 'three' });
      return { texts: [first, second, third], runsBefore };
    });
    expect(served.result.texts).toEqual(['one', 'two', 'three']);
    expect(served.result.runsBefore).toBe(2); // add's verification + one run in the proxy for both calls
    expect(runs()).toBe(3);
    expect(served.stdout + served.stderr).not.toContain(commandToken);
  });

  it.each([
    ['Host: {token}', /sets Host itself/],
    ['Connection: {token}', /hop-by-hop/],
    ['X-Key: a\r\nX-Evil: {token}', /line break/],
    ['X-Org: acme', /No header carries the token/],
  ])('Given --header %j, then add refuses it with one line and stores nothing', async (header, message) => {
    const result = await keyport(
      ['add', 'bad', '--url', headerUpstream.url, '--header', header, '--no-verify'],
      apiKey,
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect((await list()).some((token) => token.name === 'bad')).toBe(false);
  });

  it('Given all of the above, then no command token is in the keychain, and no canary is in any file or output', () => {
    const keychain = secretToolSearch(service);
    expect(keychain).not.toContain(commandToken);
    expect(keychain).not.toContain(nextCommandToken);
    for (const { file, content } of readAllFiles(home)) {
      for (const canary of [apiKey, queryKey, commandToken, nextCommandToken]) {
        expect(content.includes(canary), `${canary.slice(-4)} in ${file}`).toBe(false);
      }
    }
    for (const output of outputs) {
      for (const canary of [apiKey, queryKey, commandToken, nextCommandToken]) {
        expect(output.stdout + output.stderr).not.toContain(canary);
      }
    }
  });
});
