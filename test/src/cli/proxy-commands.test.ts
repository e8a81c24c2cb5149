// `keyport serve`, `client`, `log`, `usage` and `check` end to end: the built CLI as child
// processes, a temp data folder, the real Secret Service, an SDK upstream and the SDK client.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { clientKeyPath } from '../../../src/clients/client-key-file.js';
import type { TokenSummary } from '../../../src/contract/dto.js';
import { clearKeychainService } from '../../support/keychain-account.js';
import { canaryToken, describeWithKeychain, uniqueKeychainService } from '../../support/keychain-guard.js';
import { KEYPORT_CLI, runKeyport, type KeyportRun } from '../../support/run-keyport.js';
import { readAllFiles, tempHome } from '../../support/temp-home.js';
import { startStatelessUpstream, type BearerUpstream } from '../../support/upstreams/bearer-upstreams.js';

interface Served {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  readonly stderr: () => string;
  readonly exit: Promise<number | string | null>;
}

function serve(env: NodeJS.ProcessEnv, args: string[] = ['--port', '0']): Promise<Served> {
  const child = spawn(process.execPath, [KEYPORT_CLI, 'serve', ...args], { env, stdio: 'pipe' });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<number | string | null>((resolve) =>
    child.on('close', (code, signal) => resolve(code ?? signal)),
  );
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      const match = /^Keyport proxy listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (match) resolve({ child, url: match[1]!, stderr: () => stderr, exit });
      else reject(new Error(`unexpected first line: ${line}`));
    });
    void exit.then((code) => reject(new Error(`serve exited (${code}): ${stderr}`)));
  });
}

describeWithKeychain('keyport serve and the proxy commands (built CLI, real keychain)', () => {
  const token = canaryToken('0b0e');
  let upstream: BearerUpstream;

  /** A data folder and keychain service of this test's own, with connection `svc` (quota 100) on the upstream. */
  async function folder() {
    const home = tempHome('cli-serve');
    const service = uniqueKeychainService('serve');
    onTestFinished(() => clearKeychainService(service));
    const env = { ...process.env, KEYPORT_HOME: home, KEYPORT_KEYCHAIN_SERVICE: service, KEYPORT_LOG_LEVEL: 'info' };
    const outputs: KeyportRun[] = [];
    const keyport = async (args: string[], input?: string) => {
      const result = await runKeyport(args, { env, ...(input === undefined ? {} : { input }) });
      outputs.push(result);
      return result;
    };
    expect(
      (await keyport(['add', 'svc', '--url', upstream.url, '--quota', '100', '--no-verify'], `${token}\n`)).code,
    ).toBe(0);
    /** The token in no output or file; `key` (if any) only where `client add --json` printed it once. */
    const expectNoSecrets = (key?: string) => {
      const texts = [
        ...outputs.flatMap((run) => [run.stdout, run.stderr]),
        ...readAllFiles(home).map((file) => file.content),
      ];
      expect(texts.join('\n')).not.toContain(token);
      if (key !== undefined) expect(texts.filter((text) => text.includes(key))).toHaveLength(1);
    };
    return { home, env, keyport, expectNoSecrets };
  }

  beforeAll(async () => {
    upstream = await startStatelessUpstream(token);
  });
  afterAll(async () => {
    await upstream?.close();
  });

  it('Given `client add --json`, then a kpk_ key is printed once and only its hash is stored; list and remove work', async () => {
    const { home, keyport, expectNoSecrets } = await folder();
    const added = await keyport(['client', 'add', 'claude-code', '--json']);
    expect(added.code).toBe(0);
    const parsed = JSON.parse(added.stdout) as { name: string; key: string };
    expect(parsed.name).toBe('claude-code');
    expect(parsed.key).toMatch(/^kpk_[A-Za-z0-9_-]{43}$/);
    const key = parsed.key;
    const again = await keyport(['client', 'add', 'claude-code']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('keyport client remove claude-code');

    expect((await keyport(['client', 'add', 'spare'])).code).toBe(0);
    const listed = JSON.parse((await keyport(['client', 'list', '--json'])).stdout) as Array<{
      name: string;
      masked: string;
    }>;
    expect(listed.map((row) => row.name)).toEqual(['claude-code', 'spare']);
    expect(listed[0]?.masked).toBe(`kpk_…${key.slice(-4)}`);
    // The key file `connect` keeps for the bridge goes with the key.
    const keyFile = clientKeyPath(home, 'spare');
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, 'kpk_stale\n', { mode: 0o600 });
    expect((await keyport(['client', 'remove', 'spare'])).code).toBe(0);
    expect(existsSync(keyFile)).toBe(false);
    expect((await keyport(['client', 'remove', 'spare'])).code).toBe(1);
    expectNoSecrets(key);
  });

  it('Given `keyport serve --port 0`, when the SDK client calls tools and serve gets SIGTERM, then usage is flushed and `list --json` shows lastUsedAt and quota.used', async () => {
    const { env, keyport, expectNoSecrets } = await folder();
    const key = (JSON.parse((await keyport(['client', 'add', 'claude-code', '--json'])).stdout) as { key: string }).key;
    const seenBefore = upstream.seen.length;
    const served = await serve(env);
    onTestFinished(() => void served.child.kill('SIGKILL'));
    const client = new Client({ name: 'serve-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${served.url}/svc/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${key}` } },
      }),
    );
    await client.listTools();
    for (let index = 0; index < 3; index += 1) await client.callTool({ name: 'echo', arguments: { text: 'x' } });
    await client.close();

    served.child.kill('SIGTERM');
    const code = await served.exit;
    expect(served.stderr()).not.toContain('error');
    expect(code).toBe(0);
    expect(upstream.seen.slice(seenBefore).every((seen) => seen.headers.authorization === `Bearer ${token}`)).toBe(
      true,
    );

    const [svc] = JSON.parse((await keyport(['list', '--json'])).stdout) as TokenSummary[];
    expect(svc?.lastUsedAt).not.toBeNull();
    expect(svc?.quota).toMatchObject({ limit: 100, used: 3 });

    const usage = JSON.parse((await keyport(['usage', 'svc', '--json'])).stdout) as {
      byMethod: Record<string, number>;
      byClient: Record<string, number>;
    };
    expect(usage.byMethod['tools/call']).toBe(3);
    expect(usage.byClient['claude-code']).toBeGreaterThanOrEqual(4);

    const log = await keyport(['log', '--json']);
    const entries = log.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { method: string; tool: string | null });
    expect(entries.filter((entry) => entry.method === 'tools/call' && entry.tool === 'echo')).toHaveLength(3);
    expect((await keyport(['log'])).stdout).toContain('tools/call echo');
    expectNoSecrets(key);
  });

  it('Given the port is taken, then serve fails with a clear PORT_IN_USE message', async () => {
    const { env, keyport } = await folder();
    const first = await serve(env);
    const port = new URL(first.url).port;
    const second = await keyport(['serve', '--port', port]);
    first.child.kill('SIGTERM');
    await first.exit;
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`Port ${port}`);
    expect(second.stderr).toContain('--port');
  });

  it('Given `keyport check`, then a good token is ok and a revoked one is rejected, both recorded for list', async () => {
    const { keyport, expectNoSecrets } = await folder();
    const ok = await keyport(['check', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual([expect.objectContaining({ name: 'svc', state: 'ok' })]);
    upstream.setToken('sk_live_revoked');
    try {
      const rejected = await keyport(['check', 'svc', '--json']);
      expect(rejected.code).toBe(1);
      expect(JSON.parse(rejected.stdout)).toEqual([expect.objectContaining({ name: 'svc', state: 'rejected' })]);
      const [svc] = JSON.parse((await keyport(['list', '--json'])).stdout) as TokenSummary[];
      expect(svc?.health?.state).toBe('rejected');
    } finally {
      upstream.setToken(token);
    }
    expectNoSecrets();
  });
});
