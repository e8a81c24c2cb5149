import { describe, expect, it } from 'vitest';
import { createToolCatalog, MAX_KNOWN_TOOLS } from '../../../src/proxy/tool-catalog.js';

const up = { name: 'up', url: 'https://up.example/mcp' };

describe('the tool catalog (read-only decisions)', () => {
  it('Given a cached list, When asked, Then it is read once per metadata change and what the proxy saw wins', () => {
    let loads = 0;
    const catalog = createToolCatalog({
      loadCached: () => {
        loads += 1;
        return [
          ['echo', true],
          ['ticks', true],
        ];
      },
    });
    catalog.learn(up, 'ticks', false);
    expect(catalog.readOnly(up, 'echo')).toBe(true);
    expect(catalog.readOnly(up, 'ticks')).toBe(false);
    expect(catalog.readOnly(up, 'mystery')).toBeUndefined();
    expect(catalog.readOnly(up, 'other')).toBeUndefined();
    expect(loads).toBe(1);
    catalog.metadataChanged([up]);
    expect(catalog.readOnly(up, 'mystery')).toBeUndefined();
    expect(loads).toBe(2);
  });

  it("Given a connection's new URL or its removal, Then what was known of the old upstream is gone", () => {
    const catalog = createToolCatalog({ loadCached: () => undefined });
    catalog.learn(up, 'echo', true);
    const moved = { name: 'up', url: 'https://elsewhere.example/mcp' };
    expect(catalog.readOnly(moved, 'echo')).toBeUndefined();
    catalog.metadataChanged([moved]);
    expect(catalog.readOnly(up, 'echo')).toBeUndefined();
  });

  it('Given more tools than the bound or an overlong name, Then the extra ones stay unknown (fail closed)', () => {
    const catalog = createToolCatalog({ loadCached: () => undefined });
    for (let index = 0; index < MAX_KNOWN_TOOLS + 5; index += 1) catalog.learn(up, `t${index}`, true);
    expect(catalog.readOnly(up, 't0')).toBe(true);
    expect(catalog.readOnly(up, `t${MAX_KNOWN_TOOLS + 1}`)).toBeUndefined();
    catalog.learn({ name: 'b', url: 'u' }, 'x'.repeat(2000), true);
    expect(catalog.readOnly({ name: 'b', url: 'u' }, 'x'.repeat(2000))).toBeUndefined();
  });
});
