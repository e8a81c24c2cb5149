// What `keyport serve` keeps resident: the built CLI as a child process with a test-only preload
// that logs every module it loads (test/support/module-log). Modules the proxy never needs must
// not load on its path: each would stay in memory for the proxy's whole life.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { emptyMetadata } from '../../../src/store/empty-documents.js';
import { KEYPORT_CLI, runKeyport } from '../../support/run-keyport.js';
import { connectionFixture } from '../../support/connection-fixture.js';
import { tempHome } from '../../support/temp-home.js';

const PRELOAD = path.resolve(import.meta.dirname, '../../support/module-log/preload.mjs');

/**
 * Sources that must never load on the serve path (substrings of source paths). The CLI is bundled
 * (src/cli/bundle-cli.mjs): a loaded chunk of dist/src/bundle/ stands for the sources esbuild's
 * metafile lists for it, so the guard still speaks of packages and source files.
 */
const NEVER_ON_SERVE_PATH = [
  'node_modules/commander/', // the CLI parser: serve starts without it
  'node_modules/conf/', // the stores read their JSON files themselves (json-file-backend.ts)
  'node_modules/ajv/',
  'node_modules/ajv-formats/',
  'node_modules/semver/',
  'node_modules/atomically/',
  'node_modules/@modelcontextprotocol/sdk/', // only for a health check that is not a clear success
  'node_modules/diff/',
  'node_modules/zod/v4/locales/de.js', // zod's other locales: bundled only by `import { z } from 'zod'`
  'node_modules/jsonc-parser/',
  'node_modules/express/',
  'node_modules/undici/index.js', // the whole package: src/net/undici.ts requires only the parts it uses
  'node_modules/undici/lib/web/', // fetch, WebSocket, EventSource: only a verification loads fetch
  'node_modules/undici/lib/dispatcher/proxy-agent.js', // only with an outbound proxy
  'src/cli/run-cli.ts',
  'src/cli/commands/index.ts',
  'src/clients/',
  'src/core/token-service.ts',
  'src/core/account-service.ts',
  'src/core/verify-upstream.ts',
];

/** Loaded on every serve: proves the log sees bundled ES modules, CommonJS and our own sources. */
const ALWAYS_ON_SERVE_PATH = [
  'dist/src/cli/keyport.js', // the bundle's entry
  'node_modules/zod/', // bundled (metadata validation)
  'node_modules/proper-lockfile/', // bundled CommonJS
  'src/net/upstream-client.ts',
  'src/proxy/listener/http-listener.ts',
  'node_modules/@napi-rs/keyring/', // outside the bundle, at the first keychain read
  'src/proxy/start-proxy.ts',
  'src/store/schema.ts',
  'src/store/json-file-backend.ts',
];

interface BundleMeta {
  readonly outputs: Record<string, { readonly inputs: Record<string, unknown> }>;
}

/** Loaded module URLs as repository paths; a bundle chunk also stands for each of its sources. */
function sourcesOf(urls: readonly string[]): string[] {
  const root = path.resolve(import.meta.dirname, '../../..');
  const meta = JSON.parse(fs.readFileSync(path.join(root, 'dist/cli-bundle-meta.json'), 'utf8')) as BundleMeta;
  return urls.flatMap((url) => {
    if (!url.startsWith('file:')) return [url];
    const file = path.relative(root, fileURLToPath(url)).split(path.sep).join('/');
    return [file, ...Object.keys(meta.outputs[file]?.inputs ?? {})];
  });
}

function writeMetadata(home: string): void {
  const metadata = emptyMetadata();
  metadata.connections.alpha = connectionFixture('alpha');
  metadata.connections.beta = connectionFixture('beta', { quota: { limit: 5000, resetDay: 1 } });
  fs.writeFileSync(path.join(home, 'metadata.json'), JSON.stringify(metadata), { mode: 0o600 });
}

/** Starts `keyport serve --port 0`, waits until it listens, asks for the module list, stops it. */
async function modulesLoadedByServe(home: string): Promise<string[]> {
  const log = path.join(home, 'modules.log');
  const child = spawn(process.execPath, ['--import', PRELOAD, KEYPORT_CLI, 'serve', '--port', '0'], {
    env: {
      ...process.env,
      KEYPORT_HOME: home,
      KEYPORT_KEYCHAIN_SERVICE: `keyport-test-serve-modules-${process.pid}`,
      KEYPORT_TEST_MODULE_LOG: log,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<number | string | null>((resolve) =>
    child.on('close', (code, signal) => resolve(code ?? signal)),
  );
  try {
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      void exit.then((code) => reject(new Error(`serve exited (${code}): ${stderr}`)));
    });
    expect(first).toMatch(/^Keyport proxy listening on http:\/\/127\.0\.0\.1:\d+$/);
    child.kill('SIGUSR2');
    const lines = await new Promise<string[]>((resolve, reject) => {
      const poll = setInterval(() => {
        const text = fs.readFileSync(log, 'utf8');
        if (/^done$/m.test(text)) {
          clearInterval(poll);
          resolve(text.split('\n').filter((line) => line !== '' && line !== 'done'));
        }
      }, 20);
      void exit.then((code) => {
        clearInterval(poll);
        reject(new Error(`serve exited (${code}) before listing its modules: ${stderr}`));
      });
    });
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    return lines;
  } finally {
    child.kill('SIGKILL');
  }
}

describe('keyport serve: modules on the serve path (built CLI)', () => {
  const home = tempHome('serve-modules');

  it('Given a data folder with connections, when `keyport serve --port 0` is listening, then commander, conf/ajv/semver, the MCP SDK and the other commands are not loaded', async () => {
    writeMetadata(home);
    const loaded = sourcesOf(await modulesLoadedByServe(home));

    for (const expected of ALWAYS_ON_SERVE_PATH) {
      expect(
        loaded.some((url) => url.includes(expected)),
        `${expected} should be loaded`,
      ).toBe(true);
    }
    const unwanted = loaded.filter((url) => NEVER_ON_SERVE_PATH.some((fragment) => url.includes(fragment)));
    expect(unwanted).toEqual([]);
  });

  it('Given `serve` with anything but --port, then commander still parses it: --help prints usage, an unknown option fails', async () => {
    const env = { ...process.env, KEYPORT_HOME: tempHome('serve-modules-help') };
    const help = await runKeyport(['serve', '--help'], { env });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: keyport serve [options]');
    expect(help.stdout).toContain('--port <n>');

    const unknown = await runKeyport(['serve', '--bogus'], { env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("unknown option '--bogus'");

    const missing = await runKeyport(['serve', '--port'], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("option '--port <n>' argument missing");
  });

  it('Given `serve --port=<not a port>` (the fast path), then the failure is one line naming the fix, exit 1', async () => {
    const env = { ...process.env, KEYPORT_HOME: tempHome('serve-modules-bad-port') };
    const bad = await runKeyport(['serve', '--port=abc'], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^keyport: .*port.*\n$/i);
  });
});
