// What every command shares (src/cli/run-cli.ts): commander's errors as one `keyport:` line, numeric
// options validated, an unusable data folder refused at once, and a closed pipe ending output quietly.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeWithKeychain, uniqueKeychainService } from '../../support/keychain-guard.js';
import { KEYPORT_CLI, runKeyport } from '../../support/run-keyport.js';
import { tempHome } from '../../support/temp-home.js';

/** Runs `keyport <args> | <reader>` in bash; resolves with keyport's own exit status and both streams. */
function piped(
  args: string,
  reader: string,
  env: NodeJS.ProcessEnv,
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const script = `"${process.execPath}" "${KEYPORT_CLI}" ${args} | ${reader}; echo "keyport-status=\${PIPESTATUS[0]}" >&2`;
    const child = spawn('bash', ['-c', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', () => {
      const status = Number(/keyport-status=(\d+)/.exec(stderr)?.[1] ?? Number.NaN);
      resolve({ status, stdout, stderr: stderr.replace(/keyport-status=\d+\n/, '') });
    });
  });
}

function auditLines(count: number): string {
  const line = JSON.stringify({
    time: '2026-01-01T00:00:00.000Z',
    client: 'cursor',
    connection: 'demo',
    method: 'tools/call',
    tool: 'search',
    status: 200,
    latencyMs: 1,
  });
  return `${Array.from({ length: count }, () => line).join('\n')}\n`;
}

/** A folder that does not exist (its parent, the temp folder, does). */
const MISSING_PARENT = path.join(os.tmpdir(), `keyport-missing-${process.pid}-${Date.now()}`);

describe('keyport CLI: errors, options, data folder, pipes', () => {
  const home = tempHome('cli-run');
  const env: NodeJS.ProcessEnv = { ...process.env, KEYPORT_HOME: home, KEYPORT_KEYCHAIN_SERVICE: 'keyport-test-run' };

  it.each([
    [['lst'], "keyport: unknown command 'lst' (did you mean list?)"],
    [['account', 'lst'], "keyport: unknown command 'lst' (did you mean list?)"],
    [['list', '--jsn'], "keyport: unknown option '--jsn' (did you mean --json?)"],
    [['list', '--bogus'], "keyport: unknown option '--bogus'; see `keyport list --help`"],
    [['add', 'demo'], "keyport: required option '--url <url>' not specified; see `keyport add --help`"],
    [['set'], "keyport: missing required argument 'name'; see `keyport set --help`"],
    [
      ['account', 'set', 'team', '--quota'],
      "keyport: option '--quota <calls>' argument missing; see `keyport account set --help`",
    ],
  ])('Given `keyport %j`, Then commander’s error is one keyport: line and the exit status is 1', async (args, line) => {
    const result = await runKeyport(args, { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${line}\n`);
  });

  it.each([
    [['log', '-n', 'abc'], 'keyport: -n must be a whole number, not "abc".'],
    [['log', '--lines', '-3'], 'keyport: -n must be a whole number, not "-3".'],
    [['log', '-n', '1.5'], 'keyport: -n must be a whole number, not "1.5".'],
    [['serve', '--port', 'http'], 'keyport: --port must be a port number from 0 to 65535, not "http".'],
    [['account', 'set', 'team', '--quota', '1e3'], 'keyport: --quota must be a whole number, not "1e3".'],
    [['set', 'demo', '--reset-day', 'monday'], 'keyport: --reset-day must be a whole number, not "monday".'],
    [
      ['connect', 'cursor', '--port', '99999'],
      'keyport: --port must be a port number between 1 and 65535 (got 99999).',
    ],
  ])('Given a bad number `keyport %j`, Then it is refused with one line and exit 1', async (args, line) => {
    const result = await runKeyport(args, { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`${line}\n`);
  });

  it('Given an audit log, Then `log -n 2` prints the last two entries and `log -n 0` none', async () => {
    fs.writeFileSync(path.join(home, 'audit.log'), auditLines(5));
    expect((await runKeyport(['log', '-n', '2'], { env })).stdout.trim().split('\n')).toHaveLength(2);
    expect((await runKeyport(['log', '-n', '0', '--json'], { env })).stdout).toBe('');
  });

  it.each([
    ['/proc/nope', '/proc/nope cannot be created (ENOENT)'],
    ['/proc/self', 'it is not writable (ENOENT)'],
    [`${MISSING_PARENT}/home`, `its parent folder ${MISSING_PARENT} does not exist`],
    ['/etc/passwd', 'it is not a folder'],
  ])(
    'Given KEYPORT_HOME=%s, Then `keyport list` fails by itself with one line naming the problem',
    async (dir, problem) => {
      const child = spawn(process.execPath, [KEYPORT_CLI, 'list'], { env: { ...env, KEYPORT_HOME: dir } });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      // A guard, not a measurement: the bug was a spin that ignored SIGTERM, so only SIGKILL ends it.
      const guard = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
        child.on('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
      );
      clearTimeout(guard);
      expect(signal).toBeNull();
      expect(code).toBe(1);
      expect(stderr).toBe(
        `keyport: The data folder ${dir} cannot be used: ${problem}; make it a writable folder or point KEYPORT_HOME at one.\n`,
      );
    },
  );

  it('Given `keyport log | head -1` over a log larger than a pipe holds, Then one line is printed, no stack, exit 0', async () => {
    fs.writeFileSync(path.join(home, 'audit.log'), auditLines(5000));
    const result = await piped('log -n 5000', 'head -1', env);
    expect(result.stdout).toBe('2026-01-01T00:00:00.000Z  demo  cursor  tools/call search  200  1.0 ms\n');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('Given `keyport log --follow | head -1`, When entries keep coming after the reader left, Then it stops following, no stack, exit 0', async () => {
    const log = path.join(home, 'audit.log');
    fs.writeFileSync(log, auditLines(3));
    const following = piped('log --follow -n 1', 'head -1', env);
    // Like `tail -f`, a follower learns that its reader is gone on its next write: keep the log growing.
    let done = false;
    void following.finally(() => (done = true));
    while (!done) {
      fs.appendFileSync(log, auditLines(1));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const result = await following;
    expect(result.stdout.split('\n')).toHaveLength(2);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describeWithKeychain('keyport doctor into a closed pipe (real keychain)', () => {
  const home = tempHome('cli-pipe-doctor');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KEYPORT_HOME: home,
    KEYPORT_KEYCHAIN_SERVICE: uniqueKeychainService('pipe'),
    KEYPORT_PORT: '0',
  };

  it.each([
    ['head -1', 1],
    ['true', 0],
  ])('Given `keyport doctor | %s`, Then no EPIPE stack, and doctor exits 0', async (reader, lines) => {
    const result = await piped('doctor', reader, env);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(lines);
  });
});
