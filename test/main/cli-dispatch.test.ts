/**
 * With RunAsNode fused off, the packaged binary runs the CLI itself: `Keyport --keyport-cli …`.
 * This runs the built main process (dist/main/index.js, built by the core project's global setup)
 * under plain Node with a stub `electron` whose every GUI step exits 99.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempHome } from '../support/temp-home.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const register = fileURLToPath(new URL('./support/register-electron-stub.mjs', import.meta.url));

function launch(args: readonly string[], home: string) {
  return spawnSync(process.execPath, ['--import', register, 'dist/main/index.js', ...args], {
    cwd: root,
    env: { ...process.env, KEYPORT_HOME: home, KEYPORT_KEYCHAIN_SERVICE: 'keyport-test-cli-dispatch' },
    encoding: 'utf8',
    timeout: 15_000,
  });
}

describe('the app binary as the CLI', () => {
  const home = tempHome('cli-dispatch');

  it('Given --keyport-cli --help, Then the CLI answers and exits 0 without any GUI step', () => {
    const run = launch(['--keyport-cli', '--help'], home);
    expect(run.stderr).not.toContain('GUI step');
    expect(run.stdout).toContain('Usage: keyport');
    expect(run.stdout).toContain('bridge');
    expect(run.status).toBe(0);
  });

  it('Given a bad CLI command, Then it fails with the CLI’s exit code and message, still without GUI', () => {
    const run = launch(['--keyport-cli', 'no-such-command'], home);
    expect(run.stderr).toContain("unknown command 'no-such-command'");
    expect(run.stderr).not.toContain('GUI step');
    expect(run.status).toBe(1);
  });

  it('Given a normal launch, Then the GUI boot starts with the single-instance lock', () => {
    const run = launch([], home);
    expect(run.stderr).toContain('GUI step requestSingleInstanceLock was reached');
    expect(run.status).toBe(99);
  });
});
