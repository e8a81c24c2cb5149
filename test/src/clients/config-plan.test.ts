import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findClientRow, type ClientId, type ClientRow, type ClientScope } from '../../../src/clients/client-table.js';
import { applyPlan, planConnect, planDisconnect } from '../../../src/clients/config-plan.js';
import { keyportConnectionOf } from '../../../src/clients/entry-shape.js';
import { isKeyportError } from '../../../src/errors.js';
import { tempHome } from '../../support/temp-home.js';

const KEY = `kpk_${'A'.repeat(43)}`;
const OTHER_KEY = `kpk_${'B'.repeat(43)}`;
const CLI = '/opt/keyport/dist/src/cli/keyport.js';
const launcher = { command: '/usr/bin/node', args: [CLI] };
const at = new Date('2026-11-23T12:00:00Z');

function row(id: ClientId, scope: ClientScope = 'user'): ClientRow {
  const found = findClientRow(id, scope);
  if (!found) throw new Error(`no row ${id}`);
  return found;
}

function connect(r: ClientRow, configPath: string, before: string | null, names = ['github'], key = KEY) {
  return planConnect({ row: r, configPath, before, names, port: 8931, key, launcher });
}

const VSCODE_WITH_COMMENTS = `{
  // Servers I use every day
  "servers": {
    "memory": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-memory"] // local
    },
  },
  "inputs": []
}
`;

describe('merging entries into a client config', () => {
  it('Given a VS Code file with comments and another server, When connect adds github, Then both stay and comments survive', () => {
    const plan = connect(row('vscode'), '/x/mcp.json', VSCODE_WITH_COMMENTS);
    expect(plan.changed).toBe(true);
    expect(plan.after).toContain('// Servers I use every day');
    expect(plan.after).toContain('// local');
    expect(plan.after).toContain('"inputs": []');
    expect(plan.after).toContain('"memory"');
    expect(plan.after).toContain('"url": "http://127.0.0.1:8931/github/mcp"');
    expect(plan.after).toContain(`"Authorization": "Bearer ${KEY}"`);
    expect(plan.diff).not.toContain(KEY);
    expect(plan.diff).toContain('kpk_…AAAA');
  });

  it('Given a Cursor file (strict JSON) with a comment, When planning, Then it refuses with CLIENT_CONFIG naming the file', () => {
    const attempt = () => connect(row('cursor'), '/x/.cursor/mcp.json', '{ // no\n "mcpServers": {} }');
    expect(attempt).toThrow(/\/x\/\.cursor\/mcp\.json is not valid JSON/);
  });

  it('Given an entry named github that Keyport did not write, When connecting github, Then it refuses and points at import', () => {
    const before = JSON.stringify({ mcpServers: { github: { url: 'https://api.example.com/mcp' } } });
    try {
      connect(row('cursor'), '/x/mcp.json', before);
      expect.unreachable();
    } catch (error) {
      expect(isKeyportError(error) && error.code).toBe('CLIENT_CONFIG');
      expect((error as Error).message).toContain('keyport import cursor');
    }
  });

  it('Given a file connect already wrote, When planning again, Then nothing changes; with a new key only that entry changes', () => {
    const first = connect(row('claude-code'), '/x/.claude.json', '{\n  "numStartups": 3\n}\n');
    const second = connect(row('claude-code'), '/x/.claude.json', first.after);
    expect(second.changed).toBe(false);
    expect(second.after).toBe(first.after);
    const rekeyed = connect(row('claude-code'), '/x/.claude.json', first.after, ['github'], OTHER_KEY);
    expect(rekeyed.changed).toBe(true);
    expect(JSON.parse(rekeyed.after)).toEqual({
      numStartups: 3,
      mcpServers: {
        github: {
          type: 'http',
          url: 'http://127.0.0.1:8931/github/mcp',
          headers: { Authorization: `Bearer ${OTHER_KEY}` },
        },
      },
    });
  });

  it('Given Keyport entries under other names and a foreign entry, When disconnecting github, Then only github entries go', () => {
    const before = JSON.stringify(
      {
        mcpServers: {
          'My GitHub': { url: 'http://127.0.0.1:9000/github/mcp', headers: { Authorization: `Bearer ${KEY}` } },
          linear: { url: 'http://127.0.0.1:8931/linear/mcp', headers: { Authorization: `Bearer ${KEY}` } },
          local: { url: 'http://localhost:3000/github/mcp' },
          bridged: { command: '/usr/bin/node', args: [CLI, 'bridge', 'github'] },
        },
      },
      null,
      2,
    );
    const plan = planDisconnect({ row: row('cursor'), configPath: '/x/mcp.json', before, names: ['github'] });
    expect(Object.keys(JSON.parse(plan.after).mcpServers)).toEqual(['linear', 'local']);
    const all = planDisconnect({ row: row('cursor'), configPath: '/x/mcp.json', before: plan.after, names: [] });
    expect(Object.keys(JSON.parse(all.after).mcpServers)).toEqual(['local']);
  });

  it('Given entries of every shape, When recognising, Then only Keyport-written ones map to their connection', () => {
    expect(
      keyportConnectionOf({ serverUrl: 'http://localhost:1/a/mcp', headers: { authorization: `Bearer ${KEY}` } }),
    ).toBe('a');
    expect(
      keyportConnectionOf({ url: 'http://127.0.0.1:1/a/mcp', headers: { Authorization: 'Bearer sk_live_x' } }),
    ).toBe(undefined);
    expect(keyportConnectionOf({ url: 'https://127.0.0.1:1/a/mcp', headers: { Authorization: `Bearer ${KEY}` } })).toBe(
      undefined,
    );
    expect(keyportConnectionOf({ command: 'keyport', args: ['bridge', 'b'] })).toBe('b');
    expect(keyportConnectionOf({ command: 'npx', args: ['mcp-remote', 'bridge', 'b'] })).toBe(undefined);
    expect(keyportConnectionOf({ command: 'C:\\Keyport\\Keyport.exe', args: ['--keyport-cli', 'bridge', 'c'] })).toBe(
      'c',
    );
  });
});

describe('writing a plan', () => {
  it('Given an existing file, When applying twice, Then one backup (0600, in the data folder) and an unchanged second run', async () => {
    const home = tempHome('plan-apply');
    const configPath = path.join(home, 'project', '.mcp.json');
    fs.mkdirSync(path.dirname(configPath));
    const original = '{\n  "mcpServers": {\n    "other": { "command": "x" }\n  }\n}\n';
    fs.writeFileSync(configPath, original, { mode: 0o640 });
    fs.chmodSync(configPath, 0o640);
    const backupDir = path.join(home, 'data', 'backups');
    const r = row('claude-code', 'project');

    const first = await applyPlan(connect(r, configPath, original), { backupDir, at });
    expect(first.changed).toBe(true);
    expect(first.backupPath).not.toBeNull();
    expect(fs.readFileSync(first.backupPath ?? '', 'utf8')).toBe(original);
    expect(fs.statSync(first.backupPath ?? '').mode & 0o777).toBe(0o600);
    expect(fs.statSync(backupDir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(configPath).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(path.dirname(configPath))).toEqual(['.mcp.json']);
    const written = fs.readFileSync(configPath, 'utf8');
    expect(JSON.parse(written).mcpServers.other).toEqual({ command: 'x' });

    const second = await applyPlan(connect(r, configPath, written), { backupDir, at });
    expect(second).toEqual({ configPath, backupPath: null, changed: false });
    expect(fs.readdirSync(backupDir)).toHaveLength(1);
  });

  it('Given no file yet, When applying, Then the file is created 0600 with no backup', async () => {
    const home = tempHome('plan-new');
    const configPath = path.join(home, '.cursor', 'mcp.json');
    const result = await applyPlan(connect(row('cursor'), configPath, null), { backupDir: path.join(home, 'b'), at });
    expect(result.backupPath).toBeNull();
    expect(fs.statSync(configPath).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(configPath, 'utf8')).mcpServers.github.url).toBe(
      'http://127.0.0.1:8931/github/mcp',
    );
  });

  it('Given the file changed after planning, When applying, Then it refuses and leaves the file alone', async () => {
    const home = tempHome('plan-race');
    const configPath = path.join(home, 'mcp.json');
    fs.writeFileSync(configPath, '{}');
    const plan = connect(row('cursor'), configPath, '{}');
    fs.writeFileSync(configPath, '{"mcpServers":{}}');
    await expect(applyPlan(plan, { backupDir: path.join(home, 'b'), at })).rejects.toThrow(/changed while/);
    expect(fs.readFileSync(configPath, 'utf8')).toBe('{"mcpServers":{}}');
  });
});
