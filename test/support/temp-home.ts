/** Temp data folders for tests (KEYPORT_HOME), removed after the run. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

/**
 * A temp folder removed when the test that made it finishes, or — made while a suite is being
 * collected (in a describe body) — after that suite. (afterAll called inside a running test
 * registers nothing: such folders used to stay behind.)
 */
export function tempHome(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `keyport-${label}-`));
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    onTestFinished(remove);
  } catch {
    afterAll(remove);
  }
  return dir;
}

/** Every file under `dir` with its content (for canary checks). */
export function readAllFiles(dir: string): { file: string; content: string }[] {
  const out: { file: string; content: string }[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.push({ file, content: fs.readFileSync(file, 'latin1') });
  }
  return out;
}
