// After tsc: bundle the `keyport` CLI into dist/src/cli/keyport.js (replacing tsc's copy) plus
// shared chunks in dist/src/bundle/, minified. Why: a long-running `keyport serve` keeps every
// module it loaded resident. Loaded one file at a time, zod alone is ~95 ES modules (all its
// locales included) and their sources stay on V8's heap, several written in UTF-16; one minified,
// ASCII-escaped chunk measured ~3 MB less idle RSS for `keyport serve`, and the bridge starts
// from fewer files. zod is imported as a namespace (a lint rule holds it): with `import { z }`
// esbuild kept all of zod's locales, ~350 KB of the chunk and ~1 MiB of idle RSS. Dynamic
// imports stay separate chunks, so each command still loads only what it uses. Left outside the
// bundle: the keychain's native module and undici (both loaded with `require` at run time;
// src/net/undici.ts requires only the parts it uses). The Electron app keeps using tsc's files
// in dist/.
// esbuild's metafile goes to dist/cli-bundle-meta.json: which sources each chunk holds
// (test/src/cli/serve-modules.test.ts reads it).
import { build } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// Chunk names carry a content hash: clear the last build's chunks so none is left behind.
rmSync(join(root, 'dist', 'src', 'bundle'), { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { 'cli/keyport': 'src/cli/keyport.ts' },
  outdir: 'dist/src',
  chunkNames: 'bundle/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // ES module builds first: jsonc-parser's `main` is a UMD file whose requires esbuild cannot follow.
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: true,
  external: ['@napi-rs/keyring', 'undici', 'undici/*'],
  // Bundled CommonJS packages call `require` for Node's built-ins; an ES module has none.
  banner: {
    js: "import { createRequire as __keyportCreateRequire } from 'node:module'; const require = __keyportCreateRequire(import.meta.url);",
  },
  metafile: true,
  logLevel: 'warning',
});
writeFileSync(join(root, 'dist', 'cli-bundle-meta.json'), JSON.stringify(result.metafile));
