// BROWSER as git and Python read it: a real command (node) is started with the URL, without waiting.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemBrowserOpener } from '../../../../src/credentials/oauth/open-browser.js';

const URL = 'https://auth.example.com/authorize?client_id=a&state=b';

async function openedWith(browser: string): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyport-browser-'));
  const out = path.join(dir, 'argv.json');
  const script = path.join(dir, 'record.cjs');
  fs.writeFileSync(
    script,
    `require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.argv.slice(2)));`,
  );
  systemBrowserOpener({ env: { BROWSER: browser.replace('RECORD', `${JSON.stringify(process.execPath)} ${script}`) } })(
    URL,
  );
  for (let tries = 0; tries < 100 && !fs.existsSync(out); tries += 1)
    await new Promise((resolve) => setTimeout(resolve, 50));
  const argv = JSON.parse(fs.readFileSync(out, 'utf8')) as string[];
  fs.rmSync(dir, { recursive: true, force: true });
  return argv;
}

describe('opening the browser', () => {
  it('Given BROWSER without %s, then the URL is appended as one argument (no shell splits it)', async () => {
    expect(await openedWith('RECORD --new-window')).toEqual(['--new-window', URL]);
  });

  it('Given BROWSER with %s and a second entry, then the first entry runs with %s replaced', async () => {
    expect(await openedWith(`RECORD --url=%s${path.delimiter}firefox`)).toEqual([`--url=${URL}`]);
  });

  it('Given a BROWSER that cannot start, then the failure is reported (the URL was printed anyway)', async () => {
    const errors: string[] = [];
    systemBrowserOpener({ env: { BROWSER: 'keyport-no-such-browser' }, onError: (message) => errors.push(message) })(
      URL,
    );
    await expect
      .poll(() => errors)
      .toEqual(['could not start keyport-no-such-browser (ENOENT); open the URL yourself']);
  });
});
