/** The init script that gives the page its `window.keyport` (see keyport-bridge.browser.js). */
import { readFileSync } from 'node:fs';

export function keyportBridgeScript(channels: readonly string[]): string {
  const source = readFileSync(new URL('./keyport-bridge.browser.js', import.meta.url), 'utf8');
  return source.replace('})(__KEYPORT_CHANNELS__);', `})(${JSON.stringify(channels)});`);
}
