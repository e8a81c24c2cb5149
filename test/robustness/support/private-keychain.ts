/**
 * For scripts (soak, bench) that need the private Secret Service the tests use: when not
 * inside it, re-run this same command under test/support/with-keychain.sh and exit with its code.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export function ensurePrivateKeychain(): void {
  if (process.env.KEYPORT_IN_PRIVATE_KEYCHAIN === '1') return;
  const result = spawnSync(
    path.join(ROOT, 'test/support/with-keychain.sh'),
    [process.execPath, '--import', 'tsx', ...process.argv.slice(1)],
    { stdio: 'inherit', cwd: ROOT },
  );
  process.exit(result.status ?? 1);
}
