#!/usr/bin/env node
// A headless "browser" for sign-in tests, set as BROWSER: it follows the authorization URL's
// redirects (the test server consents at once) until it reaches Keyport's loopback callback, as a
// person's browser would. Each visited origin+path is appended to HEADLESS_BROWSER_LOG, if set.
import fs from 'node:fs';

let url = new URL(process.argv[2]);
for (let hop = 0; hop < 10; hop += 1) {
  if (process.env.HEADLESS_BROWSER_LOG)
    fs.appendFileSync(process.env.HEADLESS_BROWSER_LOG, `${url.origin}${url.pathname}\n`);
  const response = await globalThis.fetch(url, { redirect: 'manual' });
  await response.arrayBuffer();
  const location = response.headers.get('location');
  if (response.status < 300 || response.status >= 400 || !location) process.exit(response.ok ? 0 : 1);
  url = new URL(location, url);
}
process.exit(2);
