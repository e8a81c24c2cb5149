/**
 * Keychain-dependent tests run only inside the private Secret Service that
 * test/support/with-keychain.sh (and so `npm test`) starts — never against a developer's own
 * keyring. Outside it: with KEYPORT_NO_KEYCHAIN=1 (and not CI) they skip with the message
 * below; otherwise (CI=true included) they fail with it.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'vitest';

export const KEYCHAIN_SKIP_MESSAGE =
  'The keychain tests need a Secret Service: apt-get install -y gnome-keyring libsecret-tools dbus';

export type KeychainMode = { readonly run: true } | { readonly run: false; readonly fail: boolean };

export function keychainMode(env: NodeJS.ProcessEnv = process.env): KeychainMode {
  if (env.KEYPORT_IN_PRIVATE_KEYCHAIN === '1' && env.DBUS_SESSION_BUS_ADDRESS) return { run: true };
  if (env.KEYPORT_NO_KEYCHAIN === '1' && env.CI !== 'true') return { run: false, fail: false };
  return { run: false, fail: true };
}

let warned = false;

/** `describe` for suites that need the real Secret Service. */
export function describeWithKeychain(name: string, body: () => void): void {
  const mode = keychainMode();
  if (mode.run) {
    describe(name, body);
    return;
  }
  if (!mode.fail) {
    if (!warned) process.stderr.write(`${KEYCHAIN_SKIP_MESSAGE}\n`);
    warned = true;
    describe.skip(`${name} — ${KEYCHAIN_SKIP_MESSAGE}`, body);
    return;
  }
  describe(name, () => {
    it('needs a reachable Secret Service', () => {
      throw new Error(
        `${KEYCHAIN_SKIP_MESSAGE} — then run the tests with \`npm test\` (or test/support/with-keychain.sh <command>).`,
      );
    });
  });
}

/** A keychain service name no other test file uses. */
export function uniqueKeychainService(label: string): string {
  return `keyport-test-${label}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** What `secret-tool search --all service <service>` prints (stdout and stderr: it prints secrets to stdout). */
export function secretToolSearch(service: string): string {
  try {
    return execFileSync('secret-tool', ['search', '--all', 'service', service], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    return `${failure.stdout ?? ''}${failure.stderr ?? ''}`;
  }
}

/** A recognisable canary token: `sk_live_` + 64 hex, ending in the given 4 hex characters. */
export function canaryToken(tail = 'cafe'): string {
  return `sk_live_${randomBytes(30).toString('hex')}${tail.padStart(4, '0')}`;
}
