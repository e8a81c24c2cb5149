import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  dataDirPermissionProblem,
  ensureDataDir,
  ensureDataDirOptions,
  resolveDataDir,
} from '../../../src/store/data-dir.js';
import { tempHome } from '../../support/temp-home.js';

describe('resolveDataDir', () => {
  it('Given KEYPORT_HOME, then it wins on every OS', () => {
    expect(resolveDataDir({ env: { KEYPORT_HOME: '/tmp/kp' }, platform: 'linux', homedir: '/home/a' })).toBe('/tmp/kp');
  });

  it('Given Linux, then $XDG_CONFIG_HOME/Keyport, else ~/.config/Keyport (as Electron userData)', () => {
    expect(resolveDataDir({ env: { XDG_CONFIG_HOME: '/x/cfg' }, platform: 'linux', homedir: '/home/a' })).toBe(
      '/x/cfg/Keyport',
    );
    expect(resolveDataDir({ env: {}, platform: 'linux', homedir: '/home/a' })).toBe('/home/a/.config/Keyport');
  });

  it('Given macOS, then ~/Library/Application Support/Keyport', () => {
    expect(resolveDataDir({ env: {}, platform: 'darwin', homedir: '/Users/a' })).toBe(
      '/Users/a/Library/Application Support/Keyport',
    );
  });

  it('Given Windows, then %APPDATA%\\Keyport', () => {
    expect(resolveDataDir({ env: { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, platform: 'win32' })).toBe(
      'C:\\Users\\a\\AppData\\Roaming\\Keyport',
    );
  });
});

describe('ensureDataDir', () => {
  const scratch = tempHome('data-dir');

  it('Given a missing folder under a missing parent, when ensured with createParents (the OS default), then both are created owner-only (0700)', () => {
    const dir = path.join(scratch, 'nested', 'Keyport');
    ensureDataDir(dir, { createParents: true });
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.dirname(dir)).mode & 0o777).toBe(0o700);
    expect(dataDirPermissionProblem(dir)).toBeNull();
    expect(fs.readdirSync(dir)).toEqual([]); // the write probe left nothing behind
  });

  it('Given KEYPORT_HOME under a missing parent, then the error names the parent (nothing is created)', () => {
    const dir = path.join(scratch, 'typo', 'Keyport');
    expect(() => ensureDataDir(dir, ensureDataDirOptions({ KEYPORT_HOME: dir }))).toThrow(
      `The data folder ${dir} cannot be used: its parent folder ${path.join(scratch, 'typo')} does not exist; make it a writable folder or point KEYPORT_HOME at one.`,
    );
    expect(fs.existsSync(path.join(scratch, 'typo'))).toBe(false);
  });

  it('Given a file where the folder should be, or where a parent should be, then the error names that file', () => {
    const file = path.join(scratch, 'file');
    fs.writeFileSync(file, 'x');
    expect(() => ensureDataDir(file)).toThrow(`The data folder ${file} cannot be used: it is not a folder;`);
    expect(() => ensureDataDir(path.join(file, 'sub'), { createParents: true })).toThrow(
      `cannot be used: ${file} is not a folder;`,
    );
  });

  it.each(['/proc/nope', '/proc/self/nope', '/proc/self'])(
    'Given %s (mkdir answers ENOENT, writes fail), then it fails at once with a message instead of spinning',
    (dir) => {
      expect(() => ensureDataDir(dir, { createParents: true })).toThrow(/cannot be (used|created)|not writable/);
    },
  );

  it('Given a world-readable folder, then doctor gets a chmod hint', () => {
    const dir = path.join(scratch, 'open');
    fs.mkdirSync(dir, { mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    expect(dataDirPermissionProblem(dir)).toContain(`chmod 700 ${dir}`);
  });
});
