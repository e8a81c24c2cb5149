/**
 * undici's Pool without the rest of undici: `import { Pool } from 'undici'` evaluates the whole
 * package (fetch, WebSocket, cache, mock agents…), about 9 MB of resident memory the proxy never
 * uses. undici has no `exports` map, so its CommonJS module for Pool is a stable public path;
 * it is the very class the package index re-exports.
 */
import { createRequire } from 'node:module';
import type { Pool } from 'undici';

const require = createRequire(import.meta.url);

export const UndiciPool = require('undici/lib/dispatcher/pool.js') as typeof Pool;
