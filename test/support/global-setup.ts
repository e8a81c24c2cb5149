// Builds the CLI once before tests that spawn it as a child process.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  if (process.env.KEYPORT_SKIP_BUILD === '1') return;
  execFileSync('npm', ['run', '--silent', 'build:core'], { stdio: 'inherit' });
}
