/** BROWSER for sign-in tests: the headless browser script run by this Node. */
import path from 'node:path';

export const HEADLESS_BROWSER = `${JSON.stringify(process.execPath)} ${JSON.stringify(
  path.resolve(import.meta.dirname, 'headless-browser.mjs'),
)}`;
