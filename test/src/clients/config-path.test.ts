import { describe, expect, it } from 'vitest';
import { findClientRow, type ClientId, type ClientScope } from '../../../src/clients/client-table.js';
import { resolveConfigPath, type HostEnvironment } from '../../../src/clients/config-path.js';

const mac: HostEnvironment = { platform: 'darwin', homeDir: '/Users/ada', env: {} };
const win: HostEnvironment = { platform: 'win32', homeDir: 'C:\\Users\\ada', env: { APPDATA: 'D:\\Roaming' } };
const linux: HostEnvironment = { platform: 'linux', homeDir: '/home/ada', env: {} };

function pathOf(id: ClientId, scope: ClientScope, host: HostEnvironment, project?: string): string {
  const row = findClientRow(id, scope);
  if (!row) throw new Error(`no row ${id}/${scope}`);
  return resolveConfigPath(row, host, project);
}

describe('config paths', () => {
  it('Given each OS, When resolving Claude Desktop, Then the documented paths come out', () => {
    expect(pathOf('claude-desktop', 'user', mac)).toBe(
      '/Users/ada/Library/Application Support/Claude/claude_desktop_config.json',
    );
    expect(pathOf('claude-desktop', 'user', win)).toBe('D:\\Roaming\\Claude\\claude_desktop_config.json');
    expect(pathOf('claude-desktop', 'user', linux)).toBe('/home/ada/.config/Claude/claude_desktop_config.json');
  });

  it('Given XDG_CONFIG_HOME or no APPDATA, When resolving VS Code, Then those bases are used', () => {
    expect(pathOf('vscode', 'user', { ...linux, env: { XDG_CONFIG_HOME: '/xdg' } })).toBe('/xdg/Code/User/mcp.json');
    expect(pathOf('vscode', 'user', { ...win, env: {} })).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\Code\\User\\mcp.json',
    );
    expect(pathOf('vscode', 'user', mac)).toBe('/Users/ada/Library/Application Support/Code/User/mcp.json');
  });

  it('Given home-relative clients, When resolving, Then they sit under the home folder on every OS', () => {
    expect(pathOf('cursor', 'user', win)).toBe('C:\\Users\\ada\\.cursor\\mcp.json');
    expect(pathOf('claude-code', 'user', linux)).toBe('/home/ada/.claude.json');
    expect(pathOf('windsurf', 'user', mac)).toBe('/Users/ada/.codeium/windsurf/mcp_config.json');
  });

  it('Given a project scope, When no project folder is given, Then it fails naming --project', () => {
    expect(pathOf('vscode', 'project', linux, '/p')).toBe('/p/.vscode/mcp.json');
    expect(pathOf('claude-code', 'project', linux, '/p')).toBe('/p/.mcp.json');
    expect(() => pathOf('cursor', 'project', linux)).toThrow(/--project/);
  });
});
