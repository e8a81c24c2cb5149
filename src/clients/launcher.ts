/** The absolute command Keyport writes for stdio-only clients: this node binary running the built CLI. */
import { fileURLToPath } from 'node:url';
import type { BridgeLauncher } from './entry-shape.js';

/** process.execPath + dist/src/cli/keyport.js (resolved from this module's own location in dist). */
export function currentLauncher(): BridgeLauncher {
  return { command: process.execPath, cliPath: fileURLToPath(new URL('../cli/keyport.js', import.meta.url)) };
}
