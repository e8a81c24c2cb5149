import { describe, expect, it } from 'vitest';
import {
  bearerOf,
  createClientKeyMatcher,
  generateClientKey,
  hashClientKey,
  looksLikeClientKey,
  noAcceptedKey,
} from '../../../src/proxy/client-keys.js';
import type { ClientKey } from '../../../src/store/schema.js';

function stored(name: string, key: string): ClientKey {
  return { name, keyHash: hashClientKey(key), masked: 'kpk_…', createdAt: '2026-01-01T00:00:00.000Z' };
}

describe('client keys', () => {
  it('Given a new key, then it carries our prefix (not sk_), is unique, and only its SHA-256 is kept', () => {
    const first = generateClientKey();
    const second = generateClientKey();
    expect(first.key).toMatch(/^kpk_[A-Za-z0-9_-]{43}$/);
    expect(first.key).not.toBe(second.key);
    expect(first.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.keyHash).toBe(hashClientKey(first.key));
    expect(first.masked).toBe(`kpk_…${first.key.slice(-4)}`);
    expect(looksLikeClientKey(first.key)).toBe(true);
    expect(looksLikeClientKey('sk_live_abc')).toBe(false);
  });

  it('Given stored hashes, then the matcher names the client of a right key and nobody for a wrong one', () => {
    const a = generateClientKey();
    const b = generateClientKey();
    const matcher = createClientKeyMatcher({ cursor: stored('cursor', a.key), claude: stored('claude', b.key) });
    expect(matcher.match(a.key)).toBe('cursor');
    expect(matcher.match(b.key)).toBe('claude');
    expect(matcher.match(`${a.key}x`)).toBeUndefined();
    expect(matcher.match('')).toBeUndefined();
    expect(createClientKeyMatcher({}).match(a.key)).toBeUndefined();
  });

  it('Given a key a connection already proved, then it is taken again only by the same matcher and for the same key', () => {
    const a = generateClientKey();
    const b = generateClientKey();
    const clients = { cursor: stored('cursor', a.key), claude: stored('claude', b.key) };
    const matcher = createClientKeyMatcher(clients);
    const accepted = noAcceptedKey();
    expect(matcher.match(`${a.key}x`, accepted)).toBeUndefined();
    expect(accepted.matcher).toBeUndefined();
    expect(matcher.match(a.key, accepted)).toBe('cursor');
    expect(accepted).toMatchObject({ matcher, client: 'cursor' });
    expect(matcher.match(a.key, accepted)).toBe('cursor');
    // Another key on the same connection is checked against the hashes, not the remembered one.
    expect(matcher.match(`${a.key}x`, accepted)).toBeUndefined();
    expect(matcher.match(b.key, accepted)).toBe('claude');
    // Clients edited (cursor removed): the new matcher ignores what the old one accepted.
    const { cursor: _removed, ...rest } = clients;
    const edited = createClientKeyMatcher(rest);
    expect(matcher.match(a.key, accepted)).toBe('cursor');
    expect(edited.match(a.key, accepted)).toBeUndefined();
    expect(accepted.client).toBe('cursor');
    expect(accepted.matcher).toBe(matcher);
  });

  it('bearerOf reads the bearer value case-insensitively and nothing else', () => {
    expect(bearerOf('Bearer kpk_x')).toBe('kpk_x');
    expect(bearerOf('bearer  kpk_y ')).toBe('kpk_y');
    expect(bearerOf('Basic abc')).toBeUndefined();
    expect(bearerOf('Bearer ')).toBeUndefined();
    expect(bearerOf(undefined)).toBeUndefined();
  });
});
