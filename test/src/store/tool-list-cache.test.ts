import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  readToolListCache,
  removeToolListCache,
  toolListCachePath,
  writeToolListCache,
  type ToolListCache,
} from '../../../src/store/tool-list-cache.js';

const cache: ToolListCache = {
  version: 1,
  url: 'https://up.example/mcp',
  listedAt: '2026-05-01T10:00:00.000Z',
  serverName: 'up',
  tools: [{ name: 'echo', title: null, description: 'Echoes', annotations: { readOnlyHint: true } }],
};

describe('the cached tool lists', () => {
  it('Given a written list, Then it reads back for its URL only, owner-only, and goes with remove', async () => {
    const home = mkdtempSync(join(tmpdir(), 'keyport-tool-cache-'));
    await writeToolListCache(home, 'up', cache);
    expect(readToolListCache(home, 'up', cache.url)).toEqual(cache);
    expect(readToolListCache(home, 'up', 'https://other.example/mcp')).toBeUndefined();
    expect(statSync(toolListCachePath(home, 'up')).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, 'tools')).mode & 0o777).toBe(0o700);
    removeToolListCache(home, 'up');
    expect(readToolListCache(home, 'up', cache.url)).toBeUndefined();
    removeToolListCache(home, 'up');
  });

  it('Given a damaged or foreign file, Then it reads as no cache (it is only a cache)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'keyport-tool-cache-'));
    await writeToolListCache(home, 'up', cache);
    writeFileSync(toolListCachePath(home, 'up'), '{"version":1,');
    expect(readToolListCache(home, 'up', cache.url)).toBeUndefined();
    writeFileSync(toolListCachePath(home, 'up'), JSON.stringify({ ...cache, tools: 'many' }));
    expect(readToolListCache(home, 'up', cache.url)).toBeUndefined();
    expect(readFileSync(toolListCachePath(home, 'up'), 'utf8')).toContain('many');
  });
});
