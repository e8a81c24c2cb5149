import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleTempFiles, writeFileAtomic } from '../../../src/store/atomic-write.js';
import { tempHome } from '../../support/temp-home.js';

describe('writeFileAtomic', () => {
  it('Given an existing file, when written, then it holds the new text, owner-only, and no temp file is left', async () => {
    const dir = tempHome('atomic-write');
    const file = path.join(dir, 'usage.json');
    fs.writeFileSync(file, 'old');
    await writeFileAtomic(file, '{"new":true}', 0o600);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"new":true}');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['usage.json']);
  });

  it('Given a target that cannot be replaced, when written, then it rejects and removes its temp file', async () => {
    const dir = tempHome('atomic-write-fail');
    const target = path.join(dir, 'usage.json');
    fs.mkdirSync(path.join(target, 'child'), { recursive: true }); // a non-empty folder: rename fails
    await expect(writeFileAtomic(target, '{}', 0o600)).rejects.toThrow();
    expect(fs.readdirSync(dir)).toEqual(['usage.json']);
    expect(fs.statSync(target).isDirectory()).toBe(true);
  });
});

describe('removeStaleTempFiles', () => {
  it('Given temp files of a dead and a live writer, when cleaned, then only the dead one is removed', () => {
    const dir = tempHome('atomic-write-stale');
    const file = path.join(dir, 'usage.json');
    const deadPid = 2 ** 22 + 7; // above Linux's default pid_max: no such process
    const dead = `usage.json.${deadPid}.0badcafe.tmp`;
    const live = `usage.json.${process.pid}.12345678.tmp`;
    for (const name of ['usage.json', dead, live, 'metadata.json.1.abcdef01.tmp']) {
      fs.writeFileSync(path.join(dir, name), '{}');
    }
    expect(removeStaleTempFiles(file)).toEqual([dead]);
    expect(fs.readdirSync(dir).sort()).toEqual(['metadata.json.1.abcdef01.tmp', live, 'usage.json'].sort());
  });
});
