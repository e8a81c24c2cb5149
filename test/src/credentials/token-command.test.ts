// Token commands run for real (node as the command), without a shell.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseTokenTtl,
  runTokenCommand,
  splitCommandLine,
  validateTokenCommand,
} from '../../../src/credentials/token-command.js';

const node = JSON.stringify(process.execPath);
const run = (line: string, timeoutMs?: number) =>
  runTokenCommand({ line, ttlSeconds: 300 }, { connection: 'cmd', ...(timeoutMs === undefined ? {} : { timeoutMs }) });

describe('token commands', () => {
  it('Given quotes, escapes and a $VAR, then the line splits like a shell and nothing is expanded', () => {
    expect(splitCommandLine(`op read "op://vault/my item/token" --flag='a b' x\\ y $HOME`)).toEqual([
      'op',
      'read',
      'op://vault/my item/token',
      '--flag=a b',
      'x y',
      '$HOME',
    ]);
  });

  it.each([['gh auth token | tr -d x'], ['cat > /tmp/x'], ['ls *.txt'], ['a && b'], ['  ']])(
    'Given %j, then it is refused (no shell runs it)',
    (line) => {
      expect(() => validateTokenCommand(line)).toThrow(/without a shell|empty/);
    },
  );

  it('Given a command that prints a token and a newline, then the trimmed stdout is the token', async () => {
    await expect(run(`${node} -e "process.stdout.write('tok_123\\n')"`)).resolves.toBe('tok_123');
  });

  it('Given shell syntax inside an argument, then it reaches the program as text: no shell interprets it', async () => {
    const marker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'keyport-cmd-')), 'touched');
    const argument = `x;touch>${marker}`;
    const token = await run(`${node} -e "process.stdout.write(process.argv[1])" '${argument}'`);
    expect(token).toBe(argument);
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('Given a failing command, then its exit code and stderr are shown, never the token it printed', async () => {
    const error = await run(
      `${node} -e "process.stdout.write('tok_secret'); process.stderr.write('not logged in (tok_secret)'); process.exit(3)"`,
    ).then(
      () => undefined,
      (failure: unknown) => failure as Error & { code: string },
    );
    expect(error?.code).toBe('TOKEN_COMMAND_FAILED');
    expect(error?.message).toMatch(
      /The token command of "cmd" \(.*node\) failed \(exit 3\): not logged in \(\[token\]\)/,
    );
    expect(error?.message).not.toContain('tok_secret');
  });

  it('Given a command that hangs, then it is killed at the timeout and the message says so', async () => {
    const error = await run(`${node} -e "setTimeout(() => {}, 60000)"`, 300).catch((failure: Error) => failure);
    expect(String(error)).toMatch(/did not finish within 0 s/);
  });

  it('Given a missing program, an empty output or two tokens, then each is a clear failure', async () => {
    await expect(run('keyport-no-such-program-x')).rejects.toThrow(/was not found/);
    await expect(run(`${node} -e ""`)).rejects.toThrow(/printed nothing/);
    await expect(run(`${node} -e "console.log('a b')"`)).rejects.toThrow(/more than one token/);
  });

  it('Given --token-ttl values, then seconds, s, m and h are read and nonsense is refused', () => {
    expect([parseTokenTtl('300'), parseTokenTtl('90s'), parseTokenTtl('5m'), parseTokenTtl('1h')]).toEqual([
      300, 90, 300, 3600,
    ]);
    expect(() => parseTokenTtl('soon')).toThrow(/--token-ttl/);
    expect(() => parseTokenTtl('0')).toThrow(/--token-ttl/);
  });
});
