import { describe, expect, it } from 'vitest';
import { CLI_FLAG, cliArgsFrom, cliArgv } from '../../main/cli-launch.js';

describe('CLI launch of the app binary', () => {
  it('Given --keyport-cli, Then the arguments after it are the CLI arguments', () => {
    expect(cliArgsFrom(['/Applications/Keyport.app/Contents/MacOS/Keyport', CLI_FLAG, 'bridge', 'github'])).toEqual([
      'bridge',
      'github',
    ]);
    // `electron .` in development puts the app path first.
    expect(cliArgsFrom(['/usr/bin/electron', '.', CLI_FLAG, 'list', '--json'])).toEqual(['list', '--json']);
    expect(cliArgv('/x/Keyport', ['list'])).toEqual(['/x/Keyport', 'keyport', 'list']);
  });

  it('Given a normal launch (also at login), Then it is not a CLI launch', () => {
    expect(cliArgsFrom(['/x/Keyport'])).toBeNull();
    expect(cliArgsFrom(['/x/Keyport', '--hidden'])).toBeNull();
  });
});
