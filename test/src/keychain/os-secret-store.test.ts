import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyportError } from '../../../src/errors.js';
import { createOsSecretStore } from '../../../src/keychain/os-secret-store.js';
import {
  canaryToken,
  describeWithKeychain,
  secretToolSearch,
  uniqueKeychainService,
} from '../../support/keychain-guard.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
const service = uniqueKeychainService('os-store');

describeWithKeychain('OS secret store on the real Secret Service', () => {
  const store = createOsSecretStore({ service });
  afterAll(async () => {
    await store.delete('token:round-trip');
  });

  it('Given a stored secret, when read back, then it is the same and secret-tool sees it under the service', async () => {
    const secret = canaryToken();
    await store.set('token:round-trip', secret);
    expect(await store.get('token:round-trip')).toBe(secret);
    expect(secretToolSearch(service)).toContain(secret);
  });

  it('Given no item, when read, then get returns null and delete returns false', async () => {
    expect(await store.get('token:absent')).toBeNull();
    expect(await store.delete('token:absent')).toBe(false);
  });

  it('Given an item, when deleted, then it is gone', async () => {
    await store.set('token:to-delete', 'abc');
    expect(await store.delete('token:to-delete')).toBe(true);
    expect(await store.get('token:to-delete')).toBeNull();
  });
});

describe('OS secret store length guard', () => {
  it('Given Windows, when a token exceeds 2,560 bytes as UTF-16, then it is refused without echoing it', async () => {
    const store = createOsSecretStore({ service, platform: 'win32' });
    const secret = `sk_live_${'a'.repeat(1300)}`;
    const error = await store.set('token:long', secret).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KeyportError);
    expect((error as KeyportError).code).toBe('INVALID_TOKEN');
    expect((error as KeyportError).message).not.toContain(secret);
  });
});

/** Runs a probe against dist's store inside a chosen D-Bus situation and returns the error code it saw. */
async function probe(command: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: string; message: string }> {
  const script = `
    const { createOsSecretStore } = await import(${JSON.stringify(path.join(root, 'dist/src/keychain/os-secret-store.js'))});
    const store = createOsSecretStore({ service: ${JSON.stringify(service)} });
    const step = process.env.PROBE_STEP;
    try {
      if (step === 'lock') {
        await store.set('token:locked', 'abc');
        const { execFileSync } = await import('node:child_process');
        execFileSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.secrets',
          '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.Lock',
          'array:objpath:/org/freedesktop/secrets/collection/login'], { stdio: 'ignore' });
      }
      await store.get('token:locked');
      console.log(JSON.stringify({ code: 'none', message: '' }));
    } catch (error) {
      console.log(JSON.stringify({ code: error.code, message: error.message }));
    }`;
  const { stdout } = await run(
    command[0] ?? 'node',
    [...command.slice(1), 'node', '--input-type=module', '-e', script],
    {
      env,
      cwd: root,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { code: string; message: string };
}

describeWithKeychain('OS secret store failure modes (each in its own D-Bus session)', () => {
  const base = { ...process.env };
  delete base.KEYPORT_IN_PRIVATE_KEYCHAIN;

  it('Given no D-Bus session bus, when reading, then KEYCHAIN_UNAVAILABLE says what to install', async () => {
    const env = { ...base };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    const result = await probe(['env'], env);
    expect(result.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(result.message).toMatch(/No keychain/);
    expect(result.message).toContain('apt-get install -y gnome-keyring');
  });

  it('Given a session bus without a Secret Service, when reading, then KEYCHAIN_UNAVAILABLE', async () => {
    const config = path.join(root, 'test/support/dbus-without-secrets.conf');
    const result = await probe(['dbus-run-session', `--config-file=${config}`, '--'], base);
    expect(result.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(result.message).toContain('gnome-keyring');
  });

  it('Given a locked login keyring, when reading an item, then KEYCHAIN_LOCKED says to unlock it', async () => {
    const result = await probe([path.join(root, 'test/support/with-keychain.sh')], { ...base, PROBE_STEP: 'lock' });
    expect(result.code).toBe('KEYCHAIN_LOCKED');
    expect(result.message).toMatch(/unlock your login keyring/);
  });
});
