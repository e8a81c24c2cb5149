import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { defaultConfFactory } from '../../../src/core/create-core-context.js';
import { silentLogger } from '../../../src/logger.js';
import { confBackendOptions } from '../../../src/store/conf-backend.js';
import { createConfUsageStore } from '../../../src/store/conf-usage-store.js';
import type { UsageFile } from '../../../src/store/schema.js';
import { tempHome } from '../../support/temp-home.js';

const clock = fixedClock('2026-03-01T10:00:00.000Z');
const options = (dataDir: string) => ({ dataDir, confFactory: defaultConfFactory, logger: silentLogger, clock });

describe('conf usage store', () => {
  it('Given deltas applied by two store instances, when read, then usage.json holds the merged counters', async () => {
    const dir = tempHome('usage-apply');
    const first = createConfUsageStore(options(dir));
    const second = createConfUsageStore(options(dir));
    const period = { periodStart: '2026-03-01T05:00:00.000Z', count: 2 };
    await Promise.all([
      first.apply({ connections: { demo: { calls: period, requests: 2 } } }),
      second.apply({ connections: { demo: { calls: period, requests: 3 } } }),
    ]);
    const usage = createConfUsageStore(options(dir)).read();
    expect(usage.connections.demo?.period?.calls).toBe(4);
    expect(usage.connections.demo?.totalRequests).toBe(5);
    expect(first.path).toBe(path.join(dir, 'usage.json'));
  });

  it('Given a listener, when another store applies a delta, then onChange reports it', async () => {
    const dir = tempHome('usage-watch');
    const watcher = createConfUsageStore(options(dir));
    const seen = new Promise<UsageFile>((resolve) => watcher.onChange(resolve));
    await createConfUsageStore(options(dir)).apply({ clients: { cursor: { lastUsedAt: '2026-03-01T10:00:00.000Z' } } });
    expect((await seen).clients.cursor?.lastUsedAt).toBe('2026-03-01T10:00:00.000Z');
    watcher.close();
  });

  it('Given a file with conf bookkeeping, when a delta is applied, then conf reads the tab-indented result and keeps __internal__', async () => {
    const dir = tempHome('usage-format');
    const store = createConfUsageStore(options(dir));
    await store.apply({ clients: { cursor: { lastUsedAt: '2026-03-01T10:00:00.000Z' } } });
    const file = path.join(dir, 'usage.json');
    const written = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(file, JSON.stringify({ ...written, __internal__: { migrations: { version: '1.0.0' } } }));
    await store.apply({ connections: { demo: { requests: 1 } } });
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toBe(JSON.stringify(JSON.parse(text), undefined, '\t'));
    expect(JSON.parse(text).__internal__).toEqual({ migrations: { version: '1.0.0' } });
    const backend = defaultConfFactory(confBackendOptions(dir, 'usage'));
    expect((backend.store as UsageFile).connections.demo?.totalRequests).toBe(1);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    store.close();
  });

  it('Given update, when a removed connection is dropped, then its counters are gone', async () => {
    const dir = tempHome('usage-update');
    const store = createConfUsageStore(options(dir));
    await store.apply({ connections: { demo: { requests: 1 }, keep: { requests: 1 } } });
    await store.update((draft) => {
      delete draft.connections.demo;
    });
    expect(Object.keys(store.read().connections)).toEqual(['keep']);
  });

  it('Given a corrupt usage.json, when opened, then it is moved aside and counting starts again', () => {
    const dir = tempHome('usage-corrupt');
    fs.writeFileSync(path.join(dir, 'usage.json'), 'garbage');
    const store = createConfUsageStore(options(dir));
    expect(store.read().connections).toEqual({});
    expect(fs.readdirSync(dir).filter((name) => name.startsWith('usage.corrupt-'))).toHaveLength(1);
  });
});
