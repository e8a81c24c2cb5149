import { describe, expect, it } from 'vitest';
import { buildEntry } from '../../../src/clients/entry-shape.js';
import { APP_CLI_FLAG, bridgeLauncher, builtCliScript, currentLauncher } from '../../../src/clients/launcher.js';

const entryFor = (launcher: ReturnType<typeof bridgeLauncher>) =>
  buildEntry('stdio-bridge', { name: 'github', port: 8931, key: 'kpk_unused', launcher });

describe('the stdio bridge launcher for Claude Desktop', () => {
  it('Given plain Node, Then the entry runs node with the built CLI script', () => {
    const launcher = bridgeLauncher({
      execPath: '/usr/bin/node',
      electronVersion: undefined,
      cliScript: '/opt/keyport/dist/src/cli/keyport.js',
    });
    expect(entryFor(launcher)).toEqual({
      command: '/usr/bin/node',
      args: ['/opt/keyport/dist/src/cli/keyport.js', 'bridge', 'github'],
    });
  });

  it('Given the packaged Electron app, Then the entry runs the app binary with --keyport-cli (no script path)', () => {
    const launcher = bridgeLauncher({
      execPath: '/Applications/Keyport.app/Contents/MacOS/Keyport',
      electronVersion: '45.4.1',
      cliScript: '/Applications/Keyport.app/Contents/Resources/app.asar/dist/src/cli/keyport.js',
    });
    expect(entryFor(launcher)).toEqual({
      command: '/Applications/Keyport.app/Contents/MacOS/Keyport',
      args: ['--keyport-cli', 'bridge', 'github'],
    });
    expect(APP_CLI_FLAG).toBe('--keyport-cli');
  });

  it('Given Electron run from source (electron <app folder>), Then the entry names the app folder before --keyport-cli', () => {
    const launcher = bridgeLauncher({
      execPath: '/home/dev/keyport/node_modules/electron/dist/electron',
      electronVersion: '45.4.1',
      cliScript: '/home/dev/keyport/dist/src/cli/keyport.js',
      unpackagedAppPath: '/home/dev/keyport',
    });
    expect(entryFor(launcher)).toEqual({
      command: '/home/dev/keyport/node_modules/electron/dist/electron',
      args: ['/home/dev/keyport', '--keyport-cli', 'bridge', 'github'],
    });
  });

  it('When read from this process (Node under Vitest), Then it is node + dist/src/cli/keyport.js', () => {
    expect(process.versions.electron).toBeUndefined();
    expect(currentLauncher()).toEqual({ command: process.execPath, args: [builtCliScript()] });
    expect(builtCliScript()).toMatch(/[\\/]src[\\/]cli[\\/]keyport\.js$/);
    expect(currentLauncher({ electronVersion: '45.4.1', execPath: '/opt/Keyport/keyport' })).toEqual({
      command: '/opt/Keyport/keyport',
      args: ['--keyport-cli'],
    });
  });
});
