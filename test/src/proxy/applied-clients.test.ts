import { describe, expect, it } from 'vitest';
import { clientsFingerprint } from '../../../src/proxy/applied-clients.js';
import { applyToolRuleChange } from '../../../src/tool-policy/rule-edit.js';
import { connectionFixture } from '../../support/connection-fixture.js';

describe('what a running proxy confirms it applied', () => {
  it('Given a changed tool policy, Then the fingerprint changes (a `keyport tools` change waits for it); an equal one does not', () => {
    const clients = {};
    const before = { clients, connections: { up: connectionFixture('up') } };
    const denied = {
      clients,
      connections: {
        up: connectionFixture('up', {
          toolPolicy: applyToolRuleChange(undefined, null, { kind: 'deny', tools: ['ticks'] }),
        }),
      },
    };
    const again = structuredClone(denied);
    expect(clientsFingerprint(denied)).not.toBe(clientsFingerprint(before));
    expect(clientsFingerprint(again)).toBe(clientsFingerprint(denied));
  });
});
