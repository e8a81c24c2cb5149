// `keyport config` through the built CLI: every setting round-trips, bad values are refused and change
// nothing, unset restores the default, and a running `keyport serve` applies a change without a restart.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTING_KEYS, formatSettingValue } from '../../../src/core/settings-edit.js';
import { emptyMetadata } from '../../../src/store/empty-documents.js';
import { DEFAULT_SETTINGS } from '../../../src/store/schema.js';
import { connectionFixture } from '../../support/connection-fixture.js';
import { inheritedEnv, postRpc } from '../../robustness/support/rpc-post.js';
import { startServe, type ServeProcess } from '../../robustness/support/serve-process.js';
import { clearKeychainService } from '../../support/keychain-account.js';
import { canaryToken, describeWithKeychain, uniqueKeychainService } from '../../support/keychain-guard.js';
import { jsonRpcPost } from '../../support/raw-http.js';
import { runKeyport } from '../../support/run-keyport.js';
import { tempHome } from '../../support/temp-home.js';
import { startStatelessUpstream, type BearerUpstream } from '../../support/upstreams/bearer-upstreams.js';

describe('keyport config (built CLI)', () => {
  const home = tempHome('cli-config');
  const env = { ...process.env, KEYPORT_HOME: home, KEYPORT_KEYCHAIN_SERVICE: 'keyport-test-config' };
  const keyport = (...args: string[]) => runKeyport(args, { env });

  it('Given `config set checkIntervalHours 12`, Then `config get` prints 12; `set … banana` is refused and changes nothing', async () => {
    const set = await keyport('config', 'set', 'checkIntervalHours', '12');
    expect(set).toMatchObject({ code: 0, stdout: 'checkIntervalHours = 12\n', stderr: '' });
    expect((await keyport('config', 'get', 'checkIntervalHours')).stdout).toBe('12\n');
    const banana = await keyport('config', 'set', 'checkIntervalHours', 'banana');
    expect(banana.code).toBe(1);
    expect(banana.stderr).toBe(
      'keyport: "banana" is not a valid checkIntervalHours: Invalid input: expected number, received string ' +
        '(checkIntervalHours: how often the proxy re-checks every token (MCP initialize)).\n',
    );
    expect((await keyport('config', 'get', 'checkIntervalHours')).stdout).toBe('12\n');
    expect((await keyport('config', 'unset', 'checkIntervalHours')).code).toBe(0);
    expect((await keyport('config', 'get', 'checkIntervalHours')).stdout).toBe('6\n');
  });

  it.each(SETTING_KEYS)(
    'Given setting %s, Then get prints its default, set takes that form back, unset restores it',
    async (key) => {
      const shown = formatSettingValue(DEFAULT_SETTINGS[key]);
      expect((await keyport('config', 'get', key)).stdout).toBe(`${shown}\n`);
      expect(await keyport('config', 'set', key, shown)).toMatchObject({ code: 0, stdout: `${key} = ${shown}\n` });
      expect((await keyport('config', 'unset', key)).code).toBe(0);
      expect((await keyport('config', 'get', key)).stdout).toBe(`${shown}\n`);
    },
  );

  it.each([
    ['notifyExpiryDays', '14,3,1', '[14,3,1]'],
    ['notifyQuotaPercents', '[50, 90]', '[50,90]'],
    ['countedCalls', 'all', 'all'],
    ['hardStopAtQuota', 'true', 'true'],
    ['port', '9100', '9100'],
    ['port', 'null', 'null'],
    ['proxy', 'none', 'none'],
    ['proxy', 'http://127.0.0.1:3128', 'http://127.0.0.1:3128'],
  ])('Given `config set %s %s`, Then get prints %s', async (key, value, shown) => {
    expect((await keyport('config', 'set', key, value)).code).toBe(0);
    expect((await keyport('config', 'get', key)).stdout).toBe(`${shown}\n`);
    await keyport('config', 'unset', key);
  });

  it.each([
    ['maxBodyBytes', '1.5', /expected int/],
    ['notifyQuotaPercents', '80,120', /too big/i],
    ['countedCalls', 'some', /expected one of "tools\/call"\|"all"/],
    ['proxy', 'ftp://proxy:21', /http\(s\):\/\/host:port/],
    ['proxy', 'http://proxy.example', /http\(s\):\/\/host:port/],
    ['proxy', 'https://user:hunter2@proxy.example:8443', /wants credentials takes them from HTTPS_PROXY/],
    ['port', '70000', /too big/i],
    ['startAtLogin', 'yes', /expected boolean/],
  ])('Given `config set %s %s`, Then it is refused with the schema’s reason', async (key, value, reason) => {
    const result = await keyport('config', 'set', key, value);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(reason);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('Given a proxy URL with credentials, Then it is refused without echoing or storing the password', async () => {
    const result = await keyport('config', 'set', 'proxy', 'https://user:hunter2@proxy.example:8443');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('https://user:***@proxy.example:8443');
    expect(result.stderr + result.stdout).not.toContain('hunter2');
    expect(fs.readFileSync(path.join(home, 'metadata.json'), 'utf8')).not.toContain('hunter2');
  });

  it('Given an unknown key, Then the error names the closest setting and all of them', async () => {
    const result = await keyport('config', 'get', 'checkinterval');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^keyport: Unknown setting "checkinterval" \(did you mean checkIntervalHours\?\); the settings are port, /,
    );
  });

  it('Given a hand-edited metadata.json with a bad setting, Then list warns naming it and still shows the connections', async () => {
    const edited = tempHome('cli-config-edited');
    const metadata = { ...emptyMetadata(), connections: { demo: connectionFixture('demo') } };
    fs.writeFileSync(
      path.join(edited, 'metadata.json'),
      JSON.stringify({ ...metadata, settings: { ...metadata.settings, checkIntervalHours: 'banana' } }),
    );
    const list = await runKeyport(['list', '--json'], { env: { ...env, KEYPORT_HOME: edited } });
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { name: string }[]).map((entry) => entry.name)).toEqual(['demo']);
    expect(list.stderr).toContain('setting "checkIntervalHours" is invalid ("banana"');
    expect(list.stderr).toContain('keyport config set checkIntervalHours <value>');
    expect(fs.readdirSync(edited).filter((name) => name.includes('corrupt'))).toEqual([]);
  });

  it('Given `config list`, Then every setting of the schema is listed with value, default and meaning', async () => {
    const list = (await keyport('config', 'list')).stdout;
    for (const key of SETTING_KEYS) expect(list).toMatch(new RegExp(`^${key}\\s`, 'm'));
    expect(Object.keys(JSON.parse((await keyport('config', 'list', '--json')).stdout))).toEqual(SETTING_KEYS);
  });
});

describeWithKeychain('keyport config reaches a running keyport serve (real keychain, SDK upstream)', () => {
  const home = tempHome('cli-config-live');
  const service = uniqueKeychainService('config-live');
  const env = { ...inheritedEnv(), KEYPORT_HOME: home, KEYPORT_KEYCHAIN_SERVICE: service };
  const token = canaryToken('c0f9');
  let upstream: BearerUpstream;
  let serve: ServeProcess;
  let key: string;

  beforeAll(async () => {
    upstream = await startStatelessUpstream(token);
    expect((await runKeyport(['add', 'svc', '--url', upstream.url, '--no-verify'], { env, input: token })).code).toBe(
      0,
    );
    key = JSON.parse((await runKeyport(['client', 'add', 'tester', '--json'], { env })).stdout).key as string;
    serve = await startServe({ env });
  });
  afterAll(async () => {
    await serve?.stop();
    await upstream?.close();
    await clearKeychainService(service);
  });

  it('Given a body of 300 bytes that passes, When `config set maxBodyBytes 200`, Then the same call gets 413 — no restart', async () => {
    const body = jsonRpcPost(1, 'tools/list', { padding: 'x'.repeat(220) });
    expect(Buffer.byteLength(body)).toBeGreaterThan(200);
    expect((await postRpc({ port: serve.port, key, body })).status).toBe(200);
    expect((await runKeyport(['config', 'set', 'maxBodyBytes', '200'], { env })).code).toBe(0);
    await expect.poll(async () => (await postRpc({ port: serve.port, key, body })).status, { timeout: 3000 }).toBe(413);
    expect(serve.child.exitCode).toBeNull();
  });
});
