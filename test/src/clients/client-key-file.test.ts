import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clientKeyPath, ensureClientKey, readClientKeyFile } from '../../../src/clients/client-key-file.js';
import { fixedClock } from '../../../src/clock.js';
import { hashClientKey } from '../../../src/proxy/client-keys.js';
import { createMemoryMetadataStore } from '../../../src/store/memory-metadata-store.js';
import { tempHome } from '../../support/temp-home.js';

const clock = fixedClock('2026-11-23T12:00:00Z');

describe('client key files', () => {
  it('Given no key, When ensured twice, Then one key is made (file 0600, hash in metadata) and then reused', async () => {
    const dataDir = tempHome('keyfile');
    const metadata = createMemoryMetadataStore();
    const first = await ensureClientKey({ dataDir, metadata, client: 'cursor', clock });
    expect(first.created).toBe(true);
    expect(fs.statSync(clientKeyPath(dataDir, 'cursor')).mode & 0o777).toBe(0o600);
    expect(metadata.read().clients.cursor?.keyHash).toBe(hashClientKey(first.key));
    expect(JSON.stringify(metadata.read())).not.toContain(first.key);
    const second = await ensureClientKey({ dataDir, metadata, client: 'cursor', clock });
    expect(second).toEqual({ key: first.key, created: false });
  });

  it('Given a key file whose hash metadata no longer holds, When ensured, Then a new key replaces it', async () => {
    const dataDir = tempHome('keyfile-stale');
    const metadata = createMemoryMetadataStore();
    const first = await ensureClientKey({ dataDir, metadata, client: 'vscode', clock });
    await metadata.update((draft) => {
      delete draft.clients.vscode;
    });
    const second = await ensureClientKey({ dataDir, metadata, client: 'vscode', clock });
    expect(second.created).toBe(true);
    expect(second.key).not.toBe(first.key);
    expect(await readClientKeyFile(dataDir, 'vscode')).toBe(second.key);
  });
});
