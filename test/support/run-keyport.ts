/** Runs the built CLI (`node dist/src/cli/keyport.js`) as a child process, optionally with stdin. */
import { spawn } from 'node:child_process';
import path from 'node:path';

export const KEYPORT_CLI = path.resolve(import.meta.dirname, '../../dist/src/cli/keyport.js');

export interface KeyportRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runKeyport(
  args: readonly string[],
  options: { readonly env: NodeJS.ProcessEnv; readonly input?: string },
): Promise<KeyportRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KEYPORT_CLI, ...args], { env: options.env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
