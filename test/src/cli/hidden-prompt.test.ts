// The hidden token prompt on a real terminal: `keyport add` runs under `script`, which gives it
// a pseudo-terminal, and the test types at the prompt. Nothing typed may be echoed, backspace
// must edit, and the token must land in the keychain exactly as typed.
import { spawn } from 'node:child_process';
import { afterAll, expect, it } from 'vitest';
import { createOsSecretStore } from '../../../src/keychain/os-secret-store.js';
import { clearKeychainService, tokenAccountIn } from '../../support/keychain-account.js';
import { commandAvailable } from '../../support/command-prerequisite.js';
import { canaryToken, describeWithKeychain, uniqueKeychainService } from '../../support/keychain-guard.js';
import { KEYPORT_CLI } from '../../support/run-keyport.js';
import { tempHome } from '../../support/temp-home.js';

const hasScript = commandAvailable(
  'script',
  ['--version'],
  'The hidden-prompt test needs `script` for a pseudo-terminal: apt-get install -y bsdutils',
);

/** Runs `keyport <args>` on a pseudo-terminal; `type` answers once the prompt has appeared. */
function onTerminal(args: readonly string[], env: NodeJS.ProcessEnv, prompt: string, typed: string) {
  const command = [process.execPath, KEYPORT_CLI, ...args].map((part) => `'${part}'`).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env, stdio: 'pipe' });
  let output = '';
  let answered = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    if (!answered && output.includes(prompt)) {
      answered = true;
      child.stdin.write(typed);
    }
  });
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, output })),
  );
}

describeWithKeychain('the hidden token prompt on a terminal', () => {
  const home = tempHome('cli-tty');
  const service = uniqueKeychainService('tty');
  const env = { ...process.env, KEYPORT_HOME: home, KEYPORT_KEYCHAIN_SERVICE: service };
  const token = canaryToken('7e7e');

  afterAll(() => clearKeychainService(service));

  it.skipIf(!hasScript)(
    'Given a token typed at the prompt with a typo erased, then nothing typed is echoed and the keychain holds the token',
    async () => {
      // A stray "X" erased with DEL, then the token, then Enter.
      const run = await onTerminal(
        ['add', 'tty', '--url', 'https://mcp.example.com/mcp', '--no-verify'],
        env,
        'Token for tty (input hidden): ',
        `X\u007f${token}\r`,
      );
      expect(run.code).toBe(0);
      expect(run.output).toContain('Token for tty (input hidden): ');
      expect(run.output).not.toContain(token);
      expect(run.output).not.toContain(token.slice(-12));
      const stored = await createOsSecretStore({ service }).get(tokenAccountIn(home, 'tty'));
      expect(stored === token).toBe(true);
    },
  );
});
