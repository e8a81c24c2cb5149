// The tool-policy service's logic on in-memory stores and a lister that answers as told (the
// real lister and the real upstream are in test/src/cli/tools-command.test.ts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createToolPolicyService } from '../../../src/core/tool-policy-service.js';
import type { UpstreamToolLister } from '../../../src/core/list-upstream-tools.js';
import { KeyportError } from '../../../src/errors.js';
import { connectionFixture } from '../../support/connection-fixture.js';
import { memoryCoreContext } from '../../support/memory-core-context.js';

const TOOLS = [
  { name: 'echo', title: null, description: 'Echoes', annotations: { readOnlyHint: true } },
  { name: 'ticks', title: null, description: null, annotations: {} },
];

async function setup(lister: UpstreamToolLister) {
  const context = { ...memoryCoreContext(), dataDir: mkdtempSync(join(tmpdir(), 'keyport-tool-service-')) };
  await context.vault.set('up', 'sk_live_unit');
  await context.metadata.update((draft) => {
    draft.connections.up = connectionFixture('up');
    for (const client of ['cursor', 'constructor']) {
      draft.clients[client] = {
        name: client,
        keyHash: '0'.repeat(64),
        masked: 'kpk_…0000',
        createdAt: '2026-01-01T00:00:00.000Z',
      };
    }
  });
  return { context, service: createToolPolicyService(context, { lister }) };
}

describe('the tool policy service', () => {
  it('Given a live list, Then the view shows each tool per client, a client named like an Object key included', async () => {
    const { service } = await setup(async () => ({ serverName: 'up-server', tools: TOOLS }));
    await service.change('up', 'constructor', { kind: 'read-only' });
    await service.change('up', null, { kind: 'deny', tools: ['echo'] });
    const view = await service.view('up');
    expect(view.source).toBe('live');
    expect(view.clients).toEqual([
      { name: 'constructor', rule: { base: 'read-only', allow: [], deny: [], text: 'read-only tools' } },
      { name: 'cursor', rule: null },
    ]);
    expect(view.rule?.text).toBe('every tool except echo');
    expect(view.tools.map((tool) => [tool.name, tool.allowed, ...tool.byClient])).toEqual([
      ['echo', false, true, false],
      ['ticks', true, false, true],
    ]);
  });

  it('Given the upstream fails, Then the cached list is shown with the reason; without a cache the failure itself is the answer', async () => {
    let fail = false;
    const { service } = await setup(async () => {
      if (fail) throw new KeyportError('UPSTREAM_UNREACHABLE', 'Cannot reach up.');
      return { serverName: null, tools: TOOLS };
    });
    fail = true;
    await expect(service.view('up')).rejects.toThrow('Cannot reach up.');
    fail = false;
    await service.view('up');
    fail = true;
    expect(await service.view('up')).toMatchObject({ source: 'cache', problem: 'Cannot reach up.', tools: [{}, {}] });
    expect(await service.view('up', { live: false })).toMatchObject({ source: 'cache', problem: null });
  });

  it('Given a change for a client without a key, or a bad name, Then it is refused and nothing is written', async () => {
    const { service, context } = await setup(async () => ({ serverName: null, tools: [] }));
    await expect(service.change('up', 'nobody', { kind: 'only', tools: ['echo'] })).rejects.toThrow(
      /No client named "nobody"/,
    );
    await expect(service.change('up', null, { kind: 'deny', tools: ['a,b'] })).rejects.toThrow(/--deny takes/);
    await expect(service.change('gone', null, { kind: 'read-only' })).rejects.toThrow(/No connection named "gone"/);
    expect(context.metadata.read().connections.up?.toolPolicy).toBeUndefined();
    expect(await service.change('up', 'nobody', { kind: 'reset' })).toMatchObject({ source: 'none', tools: [] });
  });
});
