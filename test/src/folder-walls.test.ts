// The folder walls of DESIGN.md are kept by lint, not by habit: ESLint (the repo's own config) refuses
// an import across a wall. Each case lints one line as if it were in a file of that folder.
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
let eslint: ESLint;

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = x;\n`, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? [])
    .filter((message) => /no-restricted-imports/.test(message.ruleId ?? ''))
    .map((message) => message.message);
}

describe('folder walls (eslint no-restricted-imports)', () => {
  beforeAll(() => {
    eslint = new ESLint({ cwd: ROOT });
  });

  it.each([
    ['src/core/example.ts', "import { x } from '../../main/boot.js';", /src\/ never imports main\//],
    ['src/proxy/example.ts', "import { x } from 'electron';", /Only main\/ talks to Electron/],
    ['src/store/example.ts', "import x from 'electron-store';", /only main\/ may use it/],
    ['src/example.ts', "import { x } from '../renderer/src/app.js';", /src\/ never imports renderer\//],
    ['src/cli/commands/example.ts', "import { x } from '../../../main/index.js';", /src\/ never imports main\//],
    ['renderer/src/views/example.tsx', "import { x } from '../../../src/store/schema.js';", /only src\/contract\//],
    ['renderer/src/views/example.tsx', "import { x } from '../../../src/core/token-service.js';", /only src\/contract/],
    ['renderer/src/example.tsx', "import { x } from '../../main/ipc/handle.js';", /only through window\.keyport/],
    ['renderer/src/hooks/example.ts', "import { x } from 'node:fs';", /no Node modules/],
    ['renderer/src/hooks/example.ts', "import { x } from 'electron';", /Only main\/ talks to Electron/],
    ['src/tokens/local-date.ts', "import { x } from '../store/schema.js';", /only the contract and each other/],
    ['src/contract/example.ts', "import { x } from 'node:path';", /cannot use Node/],
  ])('Given %s, When it has `%s`, Then lint refuses it', async (file, code, message) => {
    const messages = await restrictedImports(file, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(message);
  });

  it.each([
    ['main/example.ts', "import { x } from '../src/errors.js';"],
    ['renderer/src/views/example.tsx', "import { x } from '../../../src/contract/errors.js';"],
    ['renderer/src/views/example.tsx', "import { x } from '../../../src/contract/audit-filter.js';"],
    ['renderer/src/tokens/example.ts', "import { x } from '../../../src/tokens/local-date.js';"],
    ['renderer/src/tokens/example.ts', "import { x } from '../../../src/tokens/token-formats.js';"],
    ['src/tokens/token-formats.ts', "import type { x } from '../store/schema.js';"],
    ['src/core/example.ts', "import { x } from '../store/schema.js';"],
  ])('Given %s, When it has `%s`, Then lint allows it', async (file, code) => {
    expect(await restrictedImports(file, code)).toEqual([]);
  });
});
