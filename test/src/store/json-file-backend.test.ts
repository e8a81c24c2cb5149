import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import { confBackendOptions, type ConfBackend, type ConfFactory } from '../../../src/store/conf-backend.js';
import { jsonFileConfFactory } from '../../../src/store/json-file-backend.js';
import { tempHome } from '../../support/temp-home.js';

// conf (what electron-store extends) is the reference: the CLI's backend must read the same
// files the same way, so the app and the CLI keep sharing one data folder.
const confFactory: ConfFactory = (options) => new Conf<Record<string, unknown>>(options);
const backends: ReadonlyArray<readonly [string, ConfFactory]> = [
  ['conf', confFactory],
  ['jsonFileConfFactory', jsonFileConfFactory],
];

function open(factory: ConfFactory, dir: string): ConfBackend {
  return factory(confBackendOptions(dir, 'metadata'));
}

describe('jsonFileConfFactory', () => {
  it.each(backends)(
    'Given a missing folder, when %s opens it, then it reads {} and creates the folder',
    (_, factory) => {
      const dir = path.join(tempHome('backend-missing'), 'nested', 'data');
      const backend = open(factory, dir);
      expect(backend.path).toBe(path.join(dir, 'metadata.json'));
      expect(backend.store).toEqual({});
      expect(fs.existsSync(dir)).toBe(true);
      expect(fs.existsSync(backend.path)).toBe(false);
    },
  );

  it('Given a file written by conf, when read by both backends, then they see the same object', () => {
    const dir = tempHome('backend-same');
    const document = { version: 1, connections: { demo: { url: 'https://mcp.example.com/mcp' } }, __internal__: {} };
    new Conf<Record<string, unknown>>(confBackendOptions(dir, 'metadata')).store = document;
    const fromConf = open(confFactory, dir).store;
    const fromFile = open(jsonFileConfFactory, dir).store;
    expect(fromFile).toEqual(fromConf);
    expect(fromFile).toEqual(document);
  });

  it.each(backends)(
    'Given a file that is not JSON, when %s opens it, then the SyntaxError propagates',
    (_, factory) => {
      const dir = tempHome('backend-corrupt');
      fs.writeFileSync(path.join(dir, 'metadata.json'), '{"version": 1, "connections": {');
      expect(() => open(factory, dir)).toThrow(SyntaxError);
    },
  );

  it('Given a file changed on disk after opening, when read again, then the new content is returned', () => {
    const dir = tempHome('backend-reread');
    const backend = open(jsonFileConfFactory, dir);
    fs.writeFileSync(backend.path, JSON.stringify({ version: 1, note: 'changed' }));
    expect(backend.store).toEqual({ version: 1, note: 'changed' });
    fs.writeFileSync(backend.path, '{');
    expect(() => backend.store).toThrow(SyntaxError);
  });
});
