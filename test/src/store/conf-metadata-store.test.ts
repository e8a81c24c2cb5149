import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { defaultConfFactory } from '../../../src/core/create-core-context.js';
import type { Logger } from '../../../src/logger.js';
import { createConfMetadataStore } from '../../../src/store/conf-metadata-store.js';
import type { MetadataStore } from '../../../src/store/metadata-store.js';
import type { Connection, Metadata } from '../../../src/store/schema.js';
import { tempHome } from '../../support/temp-home.js';
import { connectionFixture } from '../../support/connection-fixture.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
const clock = fixedClock('2026-03-01T10:00:00.000Z');

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const noop = () => undefined;
  return { warnings, debug: noop, info: noop, error: noop, warn: (message) => warnings.push(message) };
}

const opened: MetadataStore[] = [];
function open(dataDir: string, logger: Logger = recordingLogger(), extra = {}): MetadataStore {
  const store = createConfMetadataStore({ dataDir, confFactory: defaultConfFactory, logger, clock, ...extra });
  opened.push(store);
  return store;
}
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

function sampleConnection(name: string): Connection {
  return connectionFixture(name, { url: 'https://mcp.example.com/mcp' });
}

describe('conf metadata store', () => {
  it('Given a fresh folder, when read, then defaults come back and nothing is written yet', () => {
    const dir = tempHome('meta-fresh');
    const store = open(dir);
    expect(store.read().version).toBe(1);
    expect(store.read().settings.port).toBeNull();
    expect(store.path).toBe(path.join(dir, 'metadata.json'));
  });

  it('Given an update, when read from a second store, then the change is on disk, owner-only', async () => {
    const dir = tempHome('meta-update');
    await open(dir).update((draft) => {
      draft.connections.demo = sampleConnection('demo');
    });
    expect(open(dir).read().connections.demo?.url).toBe('https://mcp.example.com/mcp');
    expect(fs.statSync(path.join(dir, 'metadata.json')).mode & 0o777).toBe(0o600);
  });

  it('Given a mutation that breaks the schema or throws, then nothing is written', async () => {
    const dir = tempHome('meta-invalid');
    const store = open(dir);
    await expect(
      store.update((draft) => {
        draft.connections.bad = { ...sampleConnection('bad'), url: 'not a url' };
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(
      store.update(() => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(fs.existsSync(store.path)).toBe(false);
  });

  it('Given a corrupt file, when read, then it is moved aside, the warning names the new path, and a fresh file is used', async () => {
    const dir = tempHome('meta-corrupt');
    fs.writeFileSync(path.join(dir, 'metadata.json'), '{"version": 1, "connections": {');
    const logger = recordingLogger();
    const store = open(dir, logger);
    expect(store.read().connections).toEqual({});
    const moved = path.join(dir, 'metadata.corrupt-2026-03-01T10-00-00-000Z.json');
    expect(fs.readFileSync(moved, 'utf8')).toBe('{"version": 1, "connections": {');
    expect(logger.warnings.join('\n')).toContain(moved);
    await store.update((draft) => {
      draft.connections.demo = sampleConnection('demo');
    });
    expect(Object.keys(store.read().connections)).toEqual(['demo']);
  });

  it('Given a file whose connections cannot be read, then it is moved aside as well (never silently emptied)', () => {
    const dir = tempHome('meta-schema');
    fs.writeFileSync(
      path.join(dir, 'metadata.json'),
      JSON.stringify({ version: 1, connections: { demo: { name: 'demo', url: 'not a url' } } }),
    );
    const logger = recordingLogger();
    open(dir, logger).read();
    expect(fs.readdirSync(dir).some((name) => name.startsWith('metadata.corrupt-'))).toBe(true);
    expect(logger.warnings[0]).toMatch(/does not match the expected format/);
  });

  it('Given a hand-edited file with bad settings, a bad client and a bad account, Then each falls back with a warning naming it, the connections stay, nothing is moved aside', async () => {
    const dir = tempHome('meta-bad-setting');
    const file = path.join(dir, 'metadata.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        connections: { demo: sampleConnection('demo') },
        accounts: { team: { name: 'team', quota: { limit: -5, resetDay: 1 } } },
        clients: { cursor: { name: 'cursor', keyHash: 'nothex' } },
        settings: { checkIntervalHours: 'banana', hardStopAtQuota: true, port: 70000 },
      }),
    );
    const logger = recordingLogger();
    const store = open(dir, logger);
    const read = store.read();
    expect(Object.keys(read.connections)).toEqual(['demo']);
    expect(read.settings).toMatchObject({ checkIntervalHours: 6, hardStopAtQuota: true, port: null, proxy: null });
    expect(read.accounts).toEqual({});
    expect(read.clients).toEqual({});
    expect(fs.readdirSync(dir).filter((name) => name.startsWith('metadata.corrupt-'))).toEqual([]);
    const warnings = logger.warnings.join('\n');
    expect(warnings).toContain('setting "checkIntervalHours" is invalid ("banana"');
    expect(warnings).toContain('using the default 6 — fix it with `keyport config set checkIntervalHours <value>`');
    expect(warnings).toContain('setting "port" is invalid (70000');
    expect(warnings).toContain('account "team" cannot be read');
    expect(warnings).toContain('client "cursor" cannot be read');
    store.read();
    expect(logger.warnings).toHaveLength(4); // once per process, not on every read
    await store.update((draft) => void (draft.settings.rotationCadenceDays = 30));
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).settings).toMatchObject({
      checkIntervalHours: 6,
      rotationCadenceDays: 30,
    });
  });

  it('Given a file written before a setting existed, Then the setting takes its default without a warning', () => {
    const dir = tempHome('meta-missing-setting');
    const { proxy: _proxy, ...older } = open(tempHome('meta-defaults')).read().settings;
    fs.writeFileSync(
      path.join(dir, 'metadata.json'),
      JSON.stringify({ version: 1, connections: {}, accounts: {}, clients: {}, settings: older }),
    );
    const logger = recordingLogger();
    expect(open(dir, logger).read().settings.proxy).toBeNull();
    expect(logger.warnings).toEqual([]);
  });

  it('Given a file from a newer Keyport, then METADATA_CORRUPT asks to upgrade and the file stays', () => {
    const dir = tempHome('meta-newer');
    fs.writeFileSync(path.join(dir, 'metadata.json'), JSON.stringify({ version: 9 }));
    expect(() => open(dir).read()).toThrow(/newer Keyport/);
    expect(fs.existsSync(path.join(dir, 'metadata.json'))).toBe(true);
  });

  it('Given a v0 file and a v0→v1 migration, when updated, then the migrated document is written as v1', async () => {
    const dir = tempHome('meta-migrate');
    const { version: _version, ...v1 } = (await import('../../../src/store/empty-documents.js')).emptyMetadata();
    // A fake v0 format: settings were called "prefs".
    fs.writeFileSync(
      path.join(dir, 'metadata.json'),
      JSON.stringify({ ...v1, settings: undefined, prefs: v1.settings }),
    );
    const migrations = {
      1: ({ prefs, ...rest }: Record<string, unknown>) => ({ ...rest, settings: prefs }),
    };
    const store = open(dir, recordingLogger(), { migrations });
    expect(store.read().settings.rotationCadenceDays).toBe(90);
    await store.update(() => undefined);
    const onDisk = JSON.parse(fs.readFileSync(store.path, 'utf8')) as Metadata & { prefs?: unknown };
    expect(onDisk.version).toBe(1);
    expect(onDisk.prefs).toBeUndefined();
  });

  it('Given a listener, when another process changes the file, then onChange fires with the new metadata', async () => {
    const dir = tempHome('meta-watch');
    const store = open(dir);
    await store.update(() => undefined);
    const seen = new Promise<Metadata>((resolve) => {
      store.onChange((metadata) => {
        if (metadata.connections.other) resolve(metadata);
      });
    });
    await runChild(
      dir,
      `await store.update((d) => { d.connections.other = ${JSON.stringify(sampleConnection('other'))}; });`,
    );
    expect((await seen).connections.other?.name).toBe('other');
  });

  it('Given two processes updating at once, then the lock serialises them and no update is lost', async () => {
    const dir = tempHome('meta-lock');
    const body = (tag: string) => `
      for (let i = 0; i < 15; i += 1) {
        await store.update((d) => { d.settings.notifyExpiryDays = [...d.settings.notifyExpiryDays, ${tag} * 100 + i]; });
      }`;
    await Promise.all([runChild(dir, body('1')), runChild(dir, body('2'))]);
    expect(open(dir).read().settings.notifyExpiryDays).toHaveLength(2 + 30);
  });
});

async function runChild(dataDir: string, body: string): Promise<void> {
  const script = `
    const { createConfMetadataStore } = await import(${JSON.stringify(path.join(root, 'dist/src/store/conf-metadata-store.js'))});
    const { defaultConfFactory } = await import(${JSON.stringify(path.join(root, 'dist/src/core/create-core-context.js'))});
    const { silentLogger } = await import(${JSON.stringify(path.join(root, 'dist/src/logger.js'))});
    const { systemClock } = await import(${JSON.stringify(path.join(root, 'dist/src/clock.js'))});
    const store = createConfMetadataStore({ dataDir: ${JSON.stringify(dataDir)}, confFactory: defaultConfFactory, logger: silentLogger, clock: systemClock });
    ${body}
    store.close();`;
  await run('node', ['--input-type=module', '-e', script], { cwd: root });
}
