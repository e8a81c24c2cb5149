/**
 * Tokens printed by a command (`gh auth token`, `az account get-access-token …`, `op read …`).
 * The command line is split like a shell splits it (quotes and escapes, by shell-quote) and run
 * without a shell: no pipes, redirections, globs or variable expansion (`sh -c '…'` when those are
 * wanted). It has 10 s; its trimmed stdout is the token; on failure its stderr is shown. The
 * token is held in memory only (credential-source.ts); it is never written anywhere.
 */
import { execFile } from 'node:child_process';
import { parse } from 'shell-quote';
import { KeyportError } from '../errors.js';
import type { TokenCommand } from '../store/credential-schema.js';

export const TOKEN_COMMAND_TIMEOUT_MS = 10_000;
export const DEFAULT_TOKEN_TTL_SECONDS = 300;
const MAX_OUTPUT_BYTES = 64 * 1024;
const MAX_TOKEN_LENGTH = 8192;

function refuse(message: string): never {
  throw new KeyportError('INVALID_INPUT', message);
}

/** The program and its arguments, as a shell would split `line`. */
export function splitCommandLine(line: string): string[] {
  // A variable stays as written: the command runs without a shell, so nothing expands it.
  const entries = parse(line, (key) => `$${key}`);
  const argv: string[] = [];
  for (const entry of entries) {
    if (typeof entry === 'string') {
      argv.push(entry);
      continue;
    }
    const what = 'comment' in entry ? 'a comment' : entry.op === 'glob' ? `a glob (${entry.pattern})` : `"${entry.op}"`;
    refuse(
      `--token-command runs without a shell, so ${what} cannot be used; quote it, or wrap the command in sh -c '…'.`,
    );
  }
  if (argv.length === 0 || argv[0] === '') refuse('--token-command is empty; give the command that prints the token.');
  return argv;
}

/** `--token-ttl`: seconds, or a number with s, m or h (`90s`, `5m`, `1h`). */
export function parseTokenTtl(text: string): number {
  const match = /^(\d+)\s*([smh]?)$/i.exec(text.trim());
  const unit = { '': 1, s: 1, m: 60, h: 3600 }[(match?.[2] ?? '').toLowerCase() as '' | 's' | 'm' | 'h'];
  const seconds = match ? Number(match[1]) * unit : NaN;
  if (!Number.isSafeInteger(seconds) || seconds <= 0 || seconds > 86_400) {
    refuse(`--token-ttl takes a duration up to 24h such as 300, 90s, 5m or 1h, not "${text.slice(0, 20)}".`);
  }
  return seconds;
}

/** A command line checked now (so `add` fails at once on one that can never run). */
export function validateTokenCommand(line: string, ttlSeconds = DEFAULT_TOKEN_TTL_SECONDS): TokenCommand {
  splitCommandLine(line);
  return { line: line.trim(), ttlSeconds };
}

/** The last part of stderr, one line, without control characters or the token. */
function stderrTail(stderr: string, token: string): string {
  const text = (token ? stderr.split(token).join('[token]') : stderr)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim();
  return text.length > 300 ? `…${text.slice(-300)}` : text;
}

export interface RunTokenCommandOptions {
  /** The connection, for messages. */
  readonly connection: string;
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs the command and returns its token, or throws a KeyportError naming the command and what it said. */
export function runTokenCommand(command: TokenCommand, options: RunTokenCommandOptions): Promise<string> {
  const [program, ...args] = splitCommandLine(command.line);
  const timeout = options.timeoutMs ?? TOKEN_COMMAND_TIMEOUT_MS;
  const who = `The token command of "${options.connection}" (${program})`;
  return new Promise((resolve, reject) => {
    execFile(
      program!,
      args,
      {
        timeout,
        killSignal: 'SIGKILL',
        maxBuffer: MAX_OUTPUT_BYTES,
        windowsHide: true,
        shell: false,
        encoding: 'utf8',
        env: options.env ?? process.env,
      },
      (error, stdout, stderr) => {
        const token = stdout.trim();
        if (error) {
          const failure = error as NodeJS.ErrnoException & { killed?: boolean; code?: unknown };
          const said = stderrTail(stderr, token);
          const detail =
            failure.code === 'ENOENT'
              ? 'was not found; check that it is installed and on PATH'
              : failure.killed
                ? `did not finish within ${Math.round(timeout / 1000)} s`
                : failure.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER'
                  ? 'printed far more than one token'
                  : `failed (exit ${typeof failure.code === 'number' ? failure.code : 'error'})`;
          reject(new KeyportError('TOKEN_COMMAND_FAILED', `${who} ${detail}${said ? `: ${said}` : ''}.`));
          return;
        }
        if (token === '') {
          reject(
            new KeyportError('TOKEN_COMMAND_FAILED', `${who} printed nothing; it must print the token on stdout.`),
          );
          return;
        }
        // eslint-disable-next-line no-control-regex
        if (/[\s\u0000-\u001f\u007f]/.test(token) || token.length > MAX_TOKEN_LENGTH) {
          reject(
            new KeyportError(
              'TOKEN_COMMAND_FAILED',
              `${who} printed more than one token (whitespace or control characters in its output); make it print only the token.`,
            ),
          );
          return;
        }
        resolve(token);
      },
    );
  });
}
