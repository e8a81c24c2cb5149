// Local client keys through the built CLI against a running `keyport serve` (real keychain, SDK
// upstream): a `connect` preview changes nothing, and `client remove` is in force when it returns.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inheritedEnv, postRpc } from '../../robustness/support/rpc-post.js';
import { startServe, type ServeProcess } from '../../robustness/support/serve-process.js';
import { clearKeychainService } from '../../support/keychain-account.js';
import { canaryToken, describeWithKeychain, uniqueKeychainService } from '../../support/keychain-guard.js';
import { runKeyport } from '../../support/run-keyport.js';
import { tempHome } from '../../support/temp-home.js';
import { startStatelessUpstream, type BearerUpstream } from '../../support/upstreams/bearer-upstreams.js';

describeWithKeychain('keyport client keys against a running proxy (built CLI, real keychain)', () => {
  const home = tempHome('cli-clients');
  const userHome = tempHome('cli-clients-user');
  const service = uniqueKeychainService('clients');
  const env = { ...inheritedEnv(), HOME: userHome, KEYPORT_HOME: home, KEYPORT_KEYCHAIN_SERVICE: service };
  const token = canaryToken('c11e');
  let upstream: BearerUpstream;
  let serve: ServeProcess;

  const keyport = (...args: string[]) => runKeyport(args, { env: { ...env, KEYPORT_PORT: String(serve.port) } });
  const addClient = async (name: string) => {
    const added = await keyport('client', 'add', name, '--json');
    expect(added.code).toBe(0);
    return (JSON.parse(added.stdout) as { key: string }).key;
  };
  const status = async (key: string) => (await postRpc({ port: serve.port, key, name: 'gh' })).status;

  beforeAll(async () => {
    upstream = await startStatelessUpstream(token);
    expect((await runKeyport(['add', 'gh', '--url', upstream.url, '--no-verify'], { env, input: token })).code).toBe(0);
    serve = await startServe({ env });
  });
  afterAll(async () => {
    await serve?.stop();
    await upstream?.close();
    await clearKeychainService(service);
  });

  it('Given `client add cursor`, When `connect cursor gh` previews, Then nothing changes and the first key still works', async () => {
    const key = await addClient('cursor');
    await expect.poll(() => status(key), { timeout: 3000 }).toBe(200);
    const metadataBefore = fs.readFileSync(path.join(home, 'metadata.json'), 'utf8');

    const preview = await keyport('connect', 'cursor', 'gh');
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain('kpk_<a new key, made when the config is written>');
    expect(preview.stderr).toContain(
      'Nothing changed: --write would make a local key for cursor, and its earlier key (from `keyport client add cursor`, which Keyport does not keep) would stop working.',
    );
    expect(fs.readFileSync(path.join(home, 'metadata.json'), 'utf8')).toBe(metadataBefore);
    expect(fs.existsSync(path.join(home, 'client-keys', 'cursor.key'))).toBe(false);
    expect(fs.existsSync(path.join(userHome, '.cursor', 'mcp.json'))).toBe(false);
    expect(await status(key)).toBe(200);
  });

  it('Given a key `connect --write` made, When previewed again, Then the preview shows that same key and says nothing of a new one', async () => {
    const written = await keyport('connect', 'windsurf', 'gh', '--write');
    expect(written.stderr).toContain('Made a new local key for windsurf.');
    const key = fs.readFileSync(path.join(home, 'client-keys', 'windsurf.key'), 'utf8').trim();
    const preview = await keyport('connect', 'windsurf', 'gh');
    expect(preview.stdout).toContain(key);
    expect(preview.stderr).not.toContain('local key');
    await expect.poll(() => status(key), { timeout: 3000 }).toBe(200);
  });

  it.each(['first', 'second', 'third'])(
    'Given a working key (%s try), When `client remove` returns, Then the running proxy already refuses it',
    async (attempt) => {
      const key = await addClient(`gone-${attempt}`);
      await expect.poll(() => status(key), { timeout: 3000 }).toBe(200);
      const removed = await keyport('client', 'remove', `gone-${attempt}`);
      expect(removed).toMatchObject({ code: 0, stderr: '' });
      expect(await status(key)).toBe(401);
    },
  );
});
