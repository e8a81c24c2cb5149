import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appError, appText } from '../../../src/core/app-wording.js';
import { toErrorInfo } from '../../../src/errors.js';
import { KEYCHAIN_INSTALL_HINT } from '../../../src/keychain/keychain-errors.js';

/** A command or a flag in a message: what a window must never ask the user to type. */
const COMMAND = /`|\bkeyport [a-z]|--[a-z]|KEYPORT_[A-Z]/;

describe('appText', () => {
  it.each([
    [
      'A connection named "stripe-billing" already exists; choose another name, or use `keyport rotate stripe-billing` / `keyport set stripe-billing`.',
      'A connection named "stripe-billing" already exists; choose another name, or rotate its token instead.',
    ],
    [
      'No connection named "gone"; `keyport list` shows the names.',
      'No connection named "gone"; the Tokens view shows the names.',
    ],
    [
      'Cannot roll back "gh": there is no previous token (Keyport keeps it for 24 hours after a rotation). Rotate again with `keyport rotate gh`.',
      'Cannot roll back "gh": there is no previous token (Keyport keeps it for 24 hours after a rotation). Rotate its token again.',
    ],
    [
      'The keychain has no token for connection "gh": store it again with `keyport rotate gh` (or `keyport remove gh` and add it again).',
      'The keychain has no token for connection "gh": open gh and rotate its token (or remove it and add it again).',
    ],
    [
      'Port 8931 on 127.0.0.1 is already in use (is another `keyport serve` or the Keyport app running?). Stop it, or choose another port with `--port <n>` or KEYPORT_PORT.',
      'Port 8931 on 127.0.0.1 is already in use (is another Keyport running?). Stop it, or choose another port in Settings.',
    ],
    [
      "mcp.example.com answered HTTP 404 to an MCP initialize; check that the URL is the server's MCP endpoint (or add with --no-verify).",
      "mcp.example.com answered HTTP 404 to an MCP initialize; check that the URL is the server's MCP endpoint (or save it without a passed test).",
    ],
    [
      '/home/u/.cursor/mcp.json already has an entry "gh" that Keyport did not write; rename or remove it, or run `keyport import cursor` to move its token into Keyport.',
      '/home/u/.cursor/mcp.json already has an entry "gh" that Keyport did not write; rename or remove it, or import it under Connect clients to move its token into Keyport.',
    ],
    [
      "Client configs need the proxy's fixed port, but the setting says 0 (any free port); set a port with --port, KEYPORT_PORT or the port setting.",
      "Client configs need the proxy's fixed port, but the setting says 0 (any free port); set a port in Settings.",
    ],
    [
      'There are no connections yet; add one with `keyport add`.',
      'There are no connections yet; add one with Add token.',
    ],
  ])('Given %j, Then the app says %j', (message, expected) => {
    expect(appText(message)).toBe(expected);
    expect(appText(message)).not.toMatch(COMMAND);
  });

  it('Given the internal error, Then it asks for a restart, not a doctor run', () => {
    const info = appError(toErrorInfo(new Error('boom')));
    expect(info).toEqual({
      code: 'INTERNAL',
      message: 'Unexpected internal error; restart Keyport and report it if it persists.',
    });
  });

  it('Given the keychain hint, Then no shell command remains', () => {
    const text = appText(`No keychain: cannot reach the OS keychain (x). ${KEYCHAIN_INSTALL_HINT}.`);
    expect(text).toMatch(/install and start a Secret Service such as gnome-keyring/);
    expect(text).not.toMatch(/apt-get|--components|`/);
  });

  it('Given a message no rule knows, Then its command and flags are dropped and the rest stays', () => {
    expect(appText('Something broke; try `keyport frobnicate x --force` now.')).toBe('Something broke; try now.');
    expect(appText('Plain words stay as they are.')).toBe('Plain words stay as they are.');
  });

  it('Given every message in the core that names a command, Then the app version names none', () => {
    const root = join(import.meta.dirname, '../../../src');
    const terminalOnly = /^(cli|bridge)\//;
    const messages: string[] = [];
    for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
      const relative = join(entry.parentPath, entry.name).slice(root.length + 1);
      if (terminalOnly.test(relative) || relative === 'core/app-wording.ts') continue;
      const source = readFileSync(join(entry.parentPath, entry.name), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      for (const literal of source.match(/`(?:[^`\\]|\\.)*`|'(?:[^'\\]|\\.)*'/g) ?? []) {
        const text = literal
          .slice(1, -1)
          .replace(/\\`/g, '`')
          .replace(/\$\{[^}]*\}/g, 'demo');
        if (/`keyport [a-z]/.test(text)) messages.push(text);
      }
    }
    expect(messages.length).toBeGreaterThan(15);
    for (const message of messages) expect(appText(message), message).not.toMatch(COMMAND);
  });
});
