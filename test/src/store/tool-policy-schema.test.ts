import { describe, expect, it } from 'vitest';
import { emptyMetadata } from '../../../src/store/empty-documents.js';
import { MetadataSchema } from '../../../src/store/schema.js';
import { connectionFixture } from '../../support/connection-fixture.js';

function withPolicy(toolPolicy: unknown): unknown {
  const metadata = emptyMetadata();
  return { ...metadata, connections: { up: { ...connectionFixture('up'), toolPolicy } } };
}

describe('a tool policy in metadata.json', () => {
  it('Given a connection rule and client rules, Then they validate, a client called constructor included', () => {
    const policy = {
      rule: { base: 'all', allow: ['delete_draft'], deny: ['delete_*'] },
      clients: { constructor: { base: 'read-only', allow: [], deny: [] } },
    };
    const parsed = MetadataSchema.parse(withPolicy(policy));
    expect(parsed.connections.up?.toolPolicy).toEqual(policy);
    expect(Object.hasOwn(parsed.connections.up!.toolPolicy!.clients, 'constructor')).toBe(true);
    expect(MetadataSchema.parse(withPolicy(undefined)).connections.up?.toolPolicy).toBeUndefined();
  });

  it.each([
    ['a pattern with a space', { rule: { base: 'all', allow: [], deny: ['two words'] }, clients: {} }],
    ['a * inside a name', { rule: { base: 'all', allow: [], deny: ['a*b'] }, clients: {} }],
    ['an unknown base', { rule: { base: 'some', allow: [], deny: [] }, clients: {} }],
  ])('Given %s, Then the file does not validate', (_what, policy) => {
    expect(MetadataSchema.safeParse(withPolicy(policy)).success).toBe(false);
  });

  it('Given a __proto__ key among the client rules (hand-edited), Then it is dropped and never reaches a prototype', () => {
    const policy = JSON.parse('{"rule":null,"clients":{"__proto__":{"base":"none","allow":[],"deny":[]}}}') as unknown;
    const parsed = MetadataSchema.parse(withPolicy(policy)).connections.up!.toolPolicy!;
    expect(Object.keys(parsed.clients)).toEqual([]);
    expect(Object.getPrototypeOf(parsed.clients)).toBe(Object.prototype);
    expect(({} as { base?: unknown }).base).toBeUndefined();
  });
});
