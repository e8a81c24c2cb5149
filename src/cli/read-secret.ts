/**
 * Reads a token: from stdin when it is piped, or from a hidden prompt (no echo) on a TTY.
 * Never from argv. The prompt goes to stderr so stdout stays clean for data.
 */
import { KeyportError } from '../errors.js';

const MAX_STDIN_BYTES = 64 * 1024;

export interface ReadSecretOptions {
  readonly prompt: string;
  readonly stdin?: NodeJS.ReadStream;
  readonly stderr?: NodeJS.WriteStream;
}

export async function readSecret(options: ReadSecretOptions): Promise<string> {
  const stdin = options.stdin ?? process.stdin;
  const stderr = options.stderr ?? process.stderr;
  return stdin.isTTY ? readHidden(stdin, stderr, options.prompt) : readPiped(stdin);
}

async function readPiped(stdin: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_STDIN_BYTES) {
      throw new KeyportError('INVALID_TOKEN', 'stdin holds far more than one token; pipe only the token.');
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function readHidden(stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    // Echo goes off before the prompt shows: keys typed the moment it appears are never echoed
    // (the terminal echoes whatever arrives while it is still in cooked mode).
    stdin.setRawMode(true);
    stderr.write(prompt);
    stdin.setEncoding('utf8');
    stdin.resume();
    const finish = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (data: string) => {
      for (const char of data) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new KeyportError('INVALID_INPUT', 'Cancelled.'));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.on('data', onData);
  });
}
