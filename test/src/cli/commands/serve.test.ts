import { describe, expect, it } from 'vitest';
import { serveFlagsFrom } from '../../../../src/cli/commands/serve.js';

describe('serveFlagsFrom (which `keyport serve` arguments start without commander)', () => {
  it('Given no arguments or only --port, then the flags come back', () => {
    expect(serveFlagsFrom([])).toEqual({});
    expect(serveFlagsFrom(['--port', '0'])).toEqual({ port: '0' });
    expect(serveFlagsFrom(['--port=8931'])).toEqual({ port: '8931' });
    expect(serveFlagsFrom(['--port', '1', '--port', '2'])).toEqual({ port: '2' });
    expect(serveFlagsFrom(['--port', 'abc'])).toEqual({ port: 'abc' }); // resolvePort refuses it with the fix
  });

  it('Given anything else, then undefined: commander handles help, errors and unknown options', () => {
    expect(serveFlagsFrom(['--help'])).toBeUndefined();
    expect(serveFlagsFrom(['-h'])).toBeUndefined();
    expect(serveFlagsFrom(['--port'])).toBeUndefined();
    expect(serveFlagsFrom(['--port', '--help'])).toBeUndefined();
    expect(serveFlagsFrom(['--bogus'])).toBeUndefined();
    expect(serveFlagsFrom(['--port', '0', 'extra'])).toBeUndefined();
  });
});
