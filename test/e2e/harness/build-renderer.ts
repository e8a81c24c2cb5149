/** The e2e tests run against the BUILT renderer: build it once per run (KEYPORT_SKIP_BUILD=1 reuses dist/). */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const RENDERER_DIR = join(process.cwd(), 'dist', 'renderer');

export function buildRenderer(): string {
  const index = join(RENDERER_DIR, 'index.html');
  if (process.env.KEYPORT_SKIP_BUILD !== '1' || !existsSync(index)) {
    execFileSync('npm', ['run', '--silent', 'build:renderer'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return RENDERER_DIR;
}
