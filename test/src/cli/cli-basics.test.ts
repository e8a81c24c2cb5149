// CLI behaviour that needs no keychain: help everywhere, argument errors, the missing-keychain path.
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKeyport } from '../../support/run-keyport.js';
import { tempHome } from '../../support/temp-home.js';

const COMMANDS = ['add', 'list', 'rotate', 'set', 'remove', 'pause', 'resume', 'account', 'doctor'];

describe('keyport CLI basics', () => {
  const home = tempHome('cli-basics');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KEYPORT_HOME: home,
    KEYPORT_KEYCHAIN_SERVICE: 'keyport-test-basics',
  };

  it('Given --help, then every foundation command is listed', async () => {
    const result = await runKeyport(['--help'], { env });
    expect(result.code).toBe(0);
    for (const command of COMMANDS) expect(result.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  });

  it.each(COMMANDS)('Given `%s --help`, then it prints usage and exits 0', async (command) => {
    const result = await runKeyport([command, '--help'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: keyport ${command}`);
  });

  it('Given add without --url, then commander refuses it with exit 1', async () => {
    const result = await runKeyport(['add', 'demo'], { env, input: 'tok' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--url/);
  });

  it('Given no D-Bus session (no keychain), then add fails with KEYCHAIN_UNAVAILABLE advice and writes no metadata', async () => {
    const noBus: NodeJS.ProcessEnv = { ...env, KEYPORT_HOME: path.join(home, 'nobus') };
    delete noBus.DBUS_SESSION_BUS_ADDRESS;
    const result = await runKeyport(['add', 'demo', '--url', 'https://mcp.example.com/mcp', '--no-verify'], {
      env: noBus,
      input: 'some_token_value_1234',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^keyport: No keychain: .*apt-get install -y gnome-keyring/);
    const list = await runKeyport(['list', '--json'], { env: noBus });
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it('Given no keychain and a port taken by another program, then doctor reports both with fixes and exits 1', async () => {
    const squatter = net.createServer((socket) => socket.resume()); // accepts, never answers
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const port = (squatter.address() as net.AddressInfo).port;
    try {
      const noBus: NodeJS.ProcessEnv = { ...env, KEYPORT_PORT: String(port) };
      delete noBus.DBUS_SESSION_BUS_ADDRESS;
      const result = await runKeyport(['doctor'], { env: noBus });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/FAIL\s+keychain: No keychain/);
      expect(result.stdout).toMatch(/ok\s+data folder/);
      expect(result.stdout).toContain(`FAIL  proxy port: Port ${port} (env) is used by another program`);
      expect(result.stderr).toMatch(/doctor found 2 problems/);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });
});
