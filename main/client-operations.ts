/**
 * The UI's client integrations over src/clients (the same code as `keyport connect|import`).
 * Claude Desktop's stdio entry comes from the launcher the runtime passes in (src/clients/launcher.ts:
 * inside the app, `<Keyport binary> --keyport-cli bridge <name>`). Local client keys never reach the
 * renderer: previews show them masked.
 */
import type { ClientIntegration, ImportCandidate } from '../src/contract/dto.js';
import { KeyportError } from '../src/errors.js';
import type { CoreContext } from '../src/core/context.js';
import type { TokenService } from '../src/core/token-service.js';
import { connectClient, rowFor, type ClientServiceDeps } from '../src/clients/client-service.js';
import { CLIENT_IDS, CLIENT_TABLE } from '../src/clients/client-table.js';
import { readClientKeyFile } from '../src/clients/client-key-file.js';
import { maskLocalKeys, planConnect } from '../src/clients/config-plan.js';
import { resolveConfigPath, type HostEnvironment } from '../src/clients/config-path.js';
import { readTextIfExists } from '../src/clients/config-write.js';
import type { BridgeLauncher } from '../src/clients/entry-shape.js';
import { applyImport, planImport, scanClients, type ImportItem } from '../src/clients/import-tokens.js';
import type { ClientOperations } from './services.js';

export interface ClientOperationsOptions {
  readonly context: CoreContext;
  readonly tokens: Pick<TokenService, 'add' | 'list'>;
  readonly host: HostEnvironment;
  readonly launcher: BridgeLauncher;
  readonly port: () => number;
}

export function createClientOperations(options: ClientOperationsOptions): ClientOperations {
  const deps: ClientServiceDeps = { context: options.context, host: options.host, launcher: options.launcher };
  const userRows = () => CLIENT_IDS.map((id) => CLIENT_TABLE.find((row) => row.id === id && row.scope === 'user'));

  const connectedNames = async (client: string, configPath: string, before: string): Promise<string[]> => {
    const key = await readClientKeyFile(options.context.dataDir, client);
    if (key === null) return [];
    const row = rowFor({ client });
    const names = Object.keys(options.context.metadata.read().connections).sort();
    return names.filter((name) => {
      try {
        const plan = planConnect({
          row,
          configPath,
          before,
          names: [name],
          port: options.port(),
          key,
          launcher: options.launcher,
        });
        return !plan.changed;
      } catch {
        return false;
      }
    });
  };

  const scan = async (): Promise<ImportItem[]> => {
    const found = await scanClients(deps, { clients: [...CLIENT_IDS] });
    return planImport(found, Object.keys(options.context.metadata.read().connections));
  };

  return {
    async list() {
      const result: ClientIntegration[] = [];
      for (const row of userRows()) {
        if (row === undefined) continue;
        const configPath = resolveConfigPath(row, options.host);
        const text = await readTextIfExists(configPath);
        const connected = text === null ? [] : await connectedNames(row.id, configPath, text);
        result.push({
          id: row.id,
          label: row.label,
          configPath,
          state: text === null ? 'config-not-found' : connected.length > 0 ? 'connected' : 'not-connected',
          connected,
        });
      }
      return result;
    },
    async preview(client, names) {
      const { plan } = await connectClient(deps, { client, names, port: options.port(), write: false });
      return { client, configPath: plan.configPath, snippet: maskLocalKeys(plan.snippet), diff: plan.diff };
    },
    async connect(client, names) {
      const { plan, applied } = await connectClient(deps, { client, names, port: options.port(), write: true });
      return {
        client,
        configPath: plan.configPath,
        backupPath: applied?.backupPath ?? null,
        changed: applied?.changed ?? false,
      };
    },
    async importScan(): Promise<ImportCandidate[]> {
      return (await scan()).map((item) => item.candidate);
    },
    async importEntries(entries) {
      const items = await scan();
      // Which chosen entry creates each connection follows the user's choice and names, not the
      // scan's plan: an entry sharing another's token must not point at a connection nobody adds.
      const creators = new Map<string, string>();
      const chosen = entries.map((wanted) => {
        const item = items.find(
          (candidate) => candidate.found.row.id === wanted.client && candidate.found.entry === wanted.entry,
        );
        if (item === undefined) {
          throw new KeyportError(
            'NOT_FOUND',
            `${wanted.client} has no entry "${wanted.entry}" with a token any more; scan again.`,
          );
        }
        const identity = `${item.found.url}\u0000${item.found.token}`;
        const creator = creators.get(wanted.name);
        if (creator !== undefined && creator !== identity) {
          throw new KeyportError(
            'INVALID_INPUT',
            `Two chosen entries hold different tokens but are both named "${wanted.name}"; give each its own name.`,
          );
        }
        creators.set(wanted.name, identity);
        return { ...item, name: wanted.name, creates: creator === undefined };
      });
      await applyImport(
        {
          ...deps,
          addConnection: ({ name, url, token }) => options.tokens.add({ name, url, token, verify: false }),
        },
        chosen,
        { port: options.port() },
      );
      const names = new Set(chosen.map((item) => item.name));
      return (await options.tokens.list()).filter((token) => names.has(token.name));
    },
  };
}
