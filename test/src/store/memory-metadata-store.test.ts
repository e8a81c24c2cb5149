import { describe, expect, it } from 'vitest';
import { createMemoryMetadataStore, createMemoryUsageStore } from '../../../src/store/memory-metadata-store.js';

describe('memory metadata and usage stores', () => {
  it('Given an update, then read returns a copy and listeners hear the change', async () => {
    const store = createMemoryMetadataStore();
    const seen: number[] = [];
    store.onChange((metadata) => seen.push(metadata.settings.rotationCadenceDays));
    await store.update((draft) => {
      draft.settings.rotationCadenceDays = 30;
    });
    const copy = store.read();
    copy.settings.rotationCadenceDays = 1;
    expect(store.read().settings.rotationCadenceDays).toBe(30);
    expect(seen).toEqual([30]);
  });

  it('Given an invalid draft, then the update is refused and nothing changes', async () => {
    const store = createMemoryMetadataStore();
    await expect(
      store.update((draft) => {
        draft.settings.port = -1;
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(store.read().settings.port).toBeNull();
  });

  it('Given usage deltas, then apply merges them like the conf store', async () => {
    const usage = createMemoryUsageStore();
    await usage.apply({ connections: { demo: { requests: 2 } } });
    await usage.apply({ connections: { demo: { requests: 3 } } });
    expect(usage.read().connections.demo?.totalRequests).toBe(5);
  });
});
