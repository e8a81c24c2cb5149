// The token reader's logic, with recording streams: the order of raw mode and prompt, editing
// keys, cancel, and the piped path. The real terminal is tested in hidden-prompt.test.ts.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readSecret } from '../../../src/cli/read-secret.js';
import { KeyportError } from '../../../src/errors.js';

/** A stdin that claims to be a TTY and records raw-mode switches into `events`. */
function fakeTty(events: string[]) {
  const stdin = new PassThrough() as PassThrough & { isTTY: boolean; setRawMode(mode: boolean): unknown };
  stdin.isTTY = true;
  stdin.setRawMode = (mode: boolean) => events.push(`raw ${mode}`);
  return stdin as unknown as NodeJS.ReadStream;
}

function recordingStderr(events: string[]) {
  return { write: (text: string) => events.push(`write ${JSON.stringify(text)}`) } as unknown as NodeJS.WriteStream;
}

describe('readSecret', () => {
  it('Given a terminal, then echo is off before the prompt appears, DEL erases, Enter ends, and raw mode is restored', async () => {
    const events: string[] = [];
    const stdin = fakeTty(events);
    const reading = readSecret({ prompt: 'Token: ', stdin, stderr: recordingStderr(events) });
    stdin.write('X\u007fsk_live_');
    stdin.write('abc\r');
    await expect(reading).resolves.toBe('sk_live_abc');
    expect(events).toEqual(['raw true', 'write "Token: "', 'raw false', 'write "\\n"']);
  });

  it('Given Ctrl-C at the prompt, then it is cancelled with a clear error and raw mode is restored', async () => {
    const events: string[] = [];
    const stdin = fakeTty(events);
    const reading = readSecret({ prompt: 'Token: ', stdin, stderr: recordingStderr(events) });
    stdin.write('sk_\u0003');
    const error = await reading.catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(KeyportError);
    expect((error as KeyportError).message).toBe('Cancelled.');
    expect(events.at(-2)).toBe('raw false');
  });

  it('Given piped stdin, then the whole input is the token; far more than one token is refused', async () => {
    const piped = new PassThrough();
    piped.end('sk_live_piped');
    await expect(readSecret({ prompt: 'unused', stdin: piped as unknown as NodeJS.ReadStream })).resolves.toBe(
      'sk_live_piped',
    );
    const flood = new PassThrough();
    flood.end(Buffer.alloc(65 * 1024, 'a'));
    await expect(readSecret({ prompt: 'unused', stdin: flood as unknown as NodeJS.ReadStream })).rejects.toThrow(
      'pipe only the token',
    );
  });
});
