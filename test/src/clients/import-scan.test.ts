import { describe, expect, it } from 'vitest';
import { findClientRow, type ClientRow } from '../../../src/clients/client-table.js';
import { connectionNameFrom, scanConfig } from '../../../src/clients/import-scan.js';
import { planImport } from '../../../src/clients/import-tokens.js';

const CANARY = `sk_live_${'0123456789abcdef'.repeat(3)}0123456789abCAFE`;
const OTHER = `ghp_${'x'.repeat(36)}`;
const KEY = `kpk_${'A'.repeat(43)}`;

function row(id: 'cursor' | 'claude-desktop' | 'vscode'): ClientRow {
  const found = findClientRow(id, 'user');
  if (!found) throw new Error('no row');
  return found;
}

describe('finding hardcoded tokens', () => {
  it('Given an Authorization header, When scanning Cursor, Then the token, its url and a name come out', () => {
    const text = JSON.stringify({
      mcpServers: {
        'Agent API': { url: 'https://mcp.agents.example/mcp', headers: { authorization: `Bearer ${CANARY}` } },
        viaEnv: { url: 'https://x.example/mcp', headers: { Authorization: 'Bearer ${env:TOKEN}' } },
        keyport: { url: 'http://127.0.0.1:8931/a/mcp', headers: { Authorization: `Bearer ${KEY}` } },
        local: { command: 'npx', args: ['server'], env: { API_KEY: 'abc' } },
      },
    });
    const found = scanConfig(row('cursor'), '/c.json', text);
    expect(
      found.map(({ entry, location, url, token, suggestedName }) => ({ entry, location, url, token, suggestedName })),
    ).toEqual([
      {
        entry: 'Agent API',
        location: 'headers',
        url: 'https://mcp.agents.example/mcp',
        token: CANARY,
        suggestedName: 'agent-api',
      },
    ]);
  });

  it('Given mcp-remote commands with --header args (inline and via env), When scanning Claude Desktop, Then both are found', () => {
    const text = JSON.stringify({
      mcpServers: {
        inline: {
          command: 'npx',
          args: ['mcp-remote', 'https://a.example/mcp', '--header', `Authorization: Bearer ${CANARY}`],
        },
        env: {
          command: 'npx',
          args: ['-y', 'mcp-remote', 'https://b.example/mcp', '--header', 'Authorization:${AUTH_HEADER}'],
          env: { AUTH_HEADER: `Bearer ${OTHER}` },
        },
        unresolved: {
          command: 'npx',
          args: ['mcp-remote', 'https://c.example/mcp', '--header', 'Authorization:${MISSING}'],
        },
      },
    });
    const found = scanConfig(row('claude-desktop'), '/d.json', text);
    expect(found.map(({ entry, location, url, token }) => ({ entry, location, url, token }))).toEqual([
      { entry: 'inline', location: 'args', url: 'https://a.example/mcp', token: CANARY },
      { entry: 'env', location: 'env', url: 'https://b.example/mcp', token: OTHER },
    ]);
  });

  it('Given the same token in two entries and a taken name, When planning, Then one connection, unique names, masked only', () => {
    const text = JSON.stringify({
      servers: {
        github: { type: 'http', url: 'https://api.example/mcp', headers: { Authorization: `Bearer ${CANARY}` } },
        'github-copy': { type: 'http', url: 'https://api.example/mcp', headers: { Authorization: `Bearer ${CANARY}` } },
      },
    });
    const items = planImport(scanConfig(row('vscode'), '/v.json', text), ['github']);
    expect(items.map((item) => [item.found.entry, item.name, item.creates])).toEqual([
      ['github', 'github-2', true],
      ['github-copy', 'github-2', false],
    ]);
    expect(items.map((item) => item.candidate.suggestedName)).toEqual(['github-2', 'github-2']);
    expect(JSON.stringify(items.map((item) => item.candidate))).not.toContain(CANARY);
    expect(items[0]?.candidate.masked).toBe('sk_live_…CAFE');
  });

  it('Given odd entry names, When deriving connection names, Then they match the name pattern', () => {
    expect(connectionNameFrom('My GitHub (work)')).toBe('my-github-work');
    expect(connectionNameFrom('***')).toBe('imported');
  });
});
