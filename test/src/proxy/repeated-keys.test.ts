// The repeated-key scan against jsonc-parser's tree (a maintained JSON parser that keeps every
// property), over random valid JSON with keys that repeat, escape and nest.
import { parseTree, type Node } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { hasRepeatedKey } from '../../../src/proxy/repeated-keys.js';

function treeHasRepeatedKey(node: Node | undefined): boolean {
  if (node === undefined) return false;
  if (node.type === 'object') {
    const keys = new Set<unknown>();
    for (const property of node.children ?? []) {
      const key = property.children?.[0]?.value;
      if (keys.has(key)) return true;
      keys.add(key);
      if (treeHasRepeatedKey(property.children?.[1])) return true;
    }
    return false;
  }
  return node.type === 'array' && (node.children ?? []).some(treeHasRepeatedKey);
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const KEYS = ['"name"', '"n\\u0061me"', '"a"', '"a\\"b"', '"\\\\"', '"{"', '","', '"é"'];
const SCALARS = ['1', '-2.5e3', 'true', 'null', '"x"', '"a\\\\"', '"}\\"]"', '"[,{"', '""'];

function value(next: () => number, depth: number): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const roll = next();
  if (depth > 3 || roll < 0.4) return pick(SCALARS);
  const size = Math.floor(next() * 4);
  const items = Array.from({ length: size }, () =>
    roll < 0.7 ? `${pick(KEYS)} : ${value(next, depth + 1)}` : value(next, depth + 1),
  );
  return roll < 0.7 ? `{ ${items.join(', ')} }` : `[${items.join(',')}]`;
}

describe('repeated keys', () => {
  it('Given 5,000 random JSON texts, When scanned, Then the answer equals the one from jsonc-parser’s tree', () => {
    const next = random(7);
    let repeated = 0;
    for (let run = 0; run < 5000; run += 1) {
      const text = value(next, 0);
      JSON.parse(text);
      const expected = treeHasRepeatedKey(parseTree(text));
      repeated += expected ? 1 : 0;
      expect(hasRepeatedKey(text), text).toBe(expected);
    }
    expect(repeated).toBeGreaterThan(100);
  });

  it('Given a tools/call naming its tool twice (once escaped), Then the scan sees it', () => {
    expect(hasRepeatedKey('{"method":"tools/call","params":{"name":"echo","n\\u0061me":"ticks"}}')).toBe(true);
    expect(hasRepeatedKey('[{"id":1,"name":"a"},{"id":2,"name":"b"}]')).toBe(false);
  });
});
