// Golden files: what `connect` writes into an empty config, per client, scope and OS, for a fixed key and port.
// Regenerate after an intended change: UPDATE_GOLDEN=1 npx vitest run test/src/clients/golden.test.ts
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLIENT_TABLE, type ClientPlatform } from '../../../src/clients/client-table.js';
import { planConnect } from '../../../src/clients/config-plan.js';
import { resolveConfigPath, type HostEnvironment } from '../../../src/clients/config-path.js';

const GOLDEN_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const KEY = 'kpk_GOLDENgoldenGOLDENgoldenGOLDENgoldenGOLDENx';
const PORT = 8931;

const HOSTS: Record<ClientPlatform, { host: HostEnvironment; project: string; node: string; cli: string }> = {
  darwin: {
    host: { platform: 'darwin', homeDir: '/Users/ada', env: {} },
    project: '/Users/ada/src/app',
    node: '/usr/local/bin/node',
    cli: '/usr/local/lib/node_modules/keyport/dist/src/cli/keyport.js',
  },
  win32: {
    host: { platform: 'win32', homeDir: 'C:\\Users\\ada', env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' } },
    project: 'C:\\Users\\ada\\src\\app',
    node: 'C:\\Program Files\\nodejs\\node.exe',
    cli: 'C:\\Users\\ada\\AppData\\Roaming\\npm\\node_modules\\keyport\\dist\\src\\cli\\keyport.js',
  },
  linux: {
    host: { platform: 'linux', homeDir: '/home/ada', env: {} },
    project: '/home/ada/src/app',
    node: '/usr/bin/node',
    cli: '/usr/lib/node_modules/keyport/dist/src/cli/keyport.js',
  },
};

function compare(file: string, actual: string): void {
  const goldenPath = path.join(GOLDEN_DIR, file);
  if (UPDATE) fs.writeFileSync(goldenPath, actual);
  expect(fs.existsSync(goldenPath), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
  expect(actual).toBe(fs.readFileSync(goldenPath, 'utf8'));
}

/** Every client row on every OS, with the config path it resolves to (each test computes its own). */
const CASES = CLIENT_TABLE.flatMap((row) =>
  (['darwin', 'win32', 'linux'] as const).map((platform) => {
    const fixture = HOSTS[platform];
    return {
      id: `${row.id}-${row.scope}-${platform}`,
      row,
      platform,
      fixture,
      configPath: resolveConfigPath(row, fixture.host, fixture.project),
    };
  }),
);

describe('golden client configs', () => {
  for (const { id, row, platform, fixture, configPath } of CASES) {
    it(`Given an empty ${row.label} ${row.scope} config on ${platform}, When connect plans "github", Then it matches ${id}.json`, () => {
      const plan = planConnect({
        row,
        configPath,
        before: null,
        names: ['github'],
        port: PORT,
        key: KEY,
        launcher: { command: fixture.node, args: [fixture.cli] },
      });
      compare(`${id}.json`, plan.after);
    });
  }
  it('Then every config path matches paths.json', () => {
    const paths = Object.fromEntries(CASES.map(({ id, configPath }) => [id, configPath]));
    compare('paths.json', `${JSON.stringify(paths, null, 2)}\n`);
  });
});
