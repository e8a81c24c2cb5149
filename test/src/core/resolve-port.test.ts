import { describe, expect, it } from 'vitest';
import { resolvePort, resolvePortWithSource } from '../../../src/core/resolve-port.js';

describe('resolvePort', () => {
  it('Given a flag, KEYPORT_PORT and a setting, then the flag wins, then the env, then the setting, then 8931', () => {
    const env = { KEYPORT_PORT: '9100' };
    expect(resolvePortWithSource({ flag: '9000', env, settings: { port: 9200 } })).toEqual({
      port: 9000,
      source: 'flag',
    });
    expect(resolvePortWithSource({ env, settings: { port: 9200 } })).toEqual({ port: 9100, source: 'env' });
    expect(resolvePortWithSource({ env: {}, settings: { port: 9200 } })).toEqual({ port: 9200, source: 'settings' });
    expect(resolvePortWithSource({ env: {}, settings: { port: null } })).toEqual({ port: 8931, source: 'default' });
    expect(resolvePort({ flag: 0, env: {} })).toBe(0);
  });

  it.each([
    ['--port', { flag: 'abc', env: {} }],
    ['KEYPORT_PORT', { env: { KEYPORT_PORT: '70000' } }],
  ])('Given an invalid %s, then the error names it', (source, options) => {
    expect(() => resolvePort(options)).toThrow(source);
  });
});
