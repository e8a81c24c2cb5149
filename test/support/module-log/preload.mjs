// Test-only preload (`node --import <this> …`): records which modules a process loads, into the
// file named by KEYPORT_TEST_MODULE_LOG. ES modules are logged as they load (hooks.mjs); on
// SIGUSR2 the CommonJS modules in require's cache are appended, then a line `done`.
import { appendFileSync, writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const file = process.env.KEYPORT_TEST_MODULE_LOG;
if (file) {
  writeFileSync(file, '');
  register('./hooks.mjs', import.meta.url, { data: { file } });
  const require = createRequire(import.meta.url);
  process.on('SIGUSR2', () => {
    const cjs = Object.keys(require.cache).map((path) => pathToFileURL(path).href);
    appendFileSync(file, [...cjs, 'done', ''].join('\n'));
  });
}
