import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDirPermissionProblem, ensureDataDir, resolveDataDir } from '../../../src/store/data-dir.js';

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
  it('Given a missing folder, when ensured, then it is created owner-only (0700)', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kp-dd-')), 'nested', 'Keyport');
    ensureDataDir(dir);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(dataDirPermissionProblem(dir)).toBeNull();
  });

  it('Given a file where the folder should be, then the error names the folder and KEYPORT_HOME', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kp-dd-')), 'file');
    fs.writeFileSync(file, 'x');
    expect(() => ensureDataDir(file)).toThrow(/KEYPORT_HOME/);
  });

  it('Given a world-readable folder, then doctor gets a chmod hint', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kp-dd-'));
    fs.chmodSync(dir, 0o755);
    expect(dataDirPermissionProblem(dir)).toContain(`chmod 700 ${dir}`);
  });
});
