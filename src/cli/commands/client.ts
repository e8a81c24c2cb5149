/**
 * `keyport client add|list|remove`: local client keys. A key is shown once (`--json`:
 * `{ "name", "key" }`), stored only as a SHA-256 hash, and sent by an MCP client as
 * `Authorization: Bearer <key>` to the proxy. `client remove` returns once every running proxy
 * refuses the key (src/proxy/applied-clients.ts).
 */
import { rm } from 'node:fs/promises';
import type { Command } from 'commander';
import { clientKeyPath } from '../../clients/client-key-file.js';
import { validateName } from '../../core/validate-input.js';
import { KeyportError } from '../../errors.js';
import { withoutClient } from '../../tool-policy/rule-edit.js';
import { waitForProxiesToApply } from '../../proxy/applied-clients.js';
import { generateClientKey } from '../../proxy/client-keys.js';
import { localDate, renderTable } from '../format-output.js';
import { withCliContext } from '../cli-context.js';
import { ownEntry } from '../../store/own-entry.js';

export function registerClientCommand(program: Command): void {
  const client = program.command('client').description('Manage the local keys MCP clients use to reach the proxy.');

  client
    .command('add')
    .description('Create a key for a client (printed once; store it in that client’s config).')
    .argument('<client>', 'a name for the client, e.g. cursor or claude-code')
    .option('--json', 'print { "name", "key" }')
    .action(async (rawName: string, flags: { readonly json?: boolean }) => {
      const name = validateName(rawName.trim().toLowerCase());
      const key = generateClientKey();
      await withCliContext(async ({ core }) => {
        await core.metadata.update((draft) => {
          if (ownEntry(draft.clients, name)) {
            throw new KeyportError(
              'NAME_TAKEN',
              `A client named "${name}" already has a key; remove it first with \`keyport client remove ${name}\`.`,
            );
          }
          draft.clients[name] = {
            name,
            keyHash: key.keyHash,
            masked: key.masked,
            createdAt: core.clock.now().toISOString(),
          };
        });
      });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ name, key: key.key })}\n`);
        return;
      }
      process.stdout.write(
        `Key for client "${name}" (shown once; Keyport keeps only its hash):\n${key.key}\n` +
          'The client sends it as "Authorization: Bearer <key>" to http://127.0.0.1:<port>/<name>/mcp.\n',
      );
    });

  client
    .command('list')
    .description('List client keys (masked) with their last use.')
    .option('--json', 'print a JSON array')
    .action(async (flags: { readonly json?: boolean }) => {
      await withCliContext(async ({ core }) => {
        const usage = core.usage.read();
        const rows = Object.values(core.metadata.read().clients)
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((entry) => ({
            name: entry.name,
            masked: entry.masked,
            createdAt: entry.createdAt,
            lastUsedAt: ownEntry(usage.clients, entry.name)?.lastUsedAt ?? null,
          }));
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return;
        }
        if (rows.length === 0) {
          process.stdout.write('No client keys yet. Create one with `keyport client add <client>`.\n');
          return;
        }
        const table = rows.map((row) => [
          row.name,
          row.masked,
          localDate(row.createdAt),
          row.lastUsedAt ? localDate(row.lastUsedAt) : 'never',
        ]);
        process.stdout.write(`${renderTable(['CLIENT', 'KEY', 'CREATED', 'LAST USED'], table)}\n`);
      });
    });

  client
    .command('remove')
    .description('Delete a client key (and its key file); that client is refused from now on (a running proxy too).')
    .argument('<client>', 'the client name')
    .action(async (rawName: string) => {
      const name = rawName.trim().toLowerCase();
      await withCliContext(async ({ core }) => {
        await core.metadata.update((draft) => {
          if (!ownEntry(draft.clients, name)) {
            throw new KeyportError('NOT_FOUND', `No client named "${name}"; see \`keyport client list\`.`);
          }
          delete draft.clients[name];
          // Its tool rules go with it: a new client of that name starts from the connections' rules.
          for (const connection of Object.values(draft.connections)) {
            const policy = withoutClient(connection.toolPolicy, name);
            if (policy === undefined) delete connection.toolPolicy;
            else connection.toolPolicy = policy;
          }
        });
        // The key file `connect` wrote for the bridge holds a key that no longer opens anything.
        await rm(clientKeyPath(core.dataDir, name), { force: true });
        // A running proxy refuses the key once it applied the change: wait for it to say so.
        const behind = await waitForProxiesToApply(core.dataDir, core.metadata.read());
        if (behind.length > 0) {
          process.stderr.write(
            `The running proxy (pid ${behind.join(', ')}) has not confirmed the change yet; it refuses the key as soon as it reads metadata.json.\n`,
          );
        }
      });
      process.stdout.write(`Removed the key of client "${name}".\n`);
    });
}
