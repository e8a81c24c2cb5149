// A command a test file needs from the machine (openssl, script…). Missing with CI=true, the file
// fails with the install line; locally it prints that line and the caller skips its tests.
import { spawnSync } from 'node:child_process';

export function commandAvailable(command: string, args: readonly string[], missing: string): boolean {
  if (spawnSync(command, args).status === 0) return true;
  if (process.env.CI === 'true') throw new Error(missing);
  process.stderr.write(`${missing}\n`);
  return false;
}
