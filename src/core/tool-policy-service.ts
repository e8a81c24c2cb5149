/**
 * `keyport tools` and the app's Tools tab over one core: a connection's tools (a live list with
 * the stored token, cached in the data folder; the cache when the upstream fails) and, per client,
 * whether the tool policy lets each through; and changes to the connection's rule or a client's.
 * A running proxy applies a change as soon as it reads metadata.json.
 */
import type { ToolPolicyView, ToolRuleChangeInput, ToolRuleDto, ToolRow } from '../contract/dto.js';
import type { UpstreamCredential } from '../credentials/upstream-credential.js';
import { KeyportError } from '../errors.js';
import type { ToolPolicy, ToolRule } from '../store/schema.js';
import { readToolListCache, writeToolListCache, type ToolListCache } from '../store/tool-list-cache.js';
import { applyToolRuleChange } from '../tool-policy/rule-edit.js';
import { describeToolRule } from '../tool-policy/rule-text.js';
import { validateToolPatterns } from '../tool-policy/tool-pattern.js';
import { compileRule } from '../tool-policy/tool-rule.js';
import type { CoreContext } from './context.js';
import type { UpstreamToolLister } from './list-upstream-tools.js';
import { requireConnection } from './token-service.js';
import { ownEntry } from '../store/own-entry.js';

export interface ToolPolicyService {
  /** The tools and who may use them; `live` (default) lists them upstream first. */
  view(name: string, options?: { readonly live?: boolean }): Promise<ToolPolicyView>;
  /** Changes the connection's rule (client null) or one client's; answers with the cached view. */
  change(name: string, client: string | null, change: ToolRuleChangeInput): Promise<ToolPolicyView>;
}

export interface ToolPolicyServiceOptions {
  readonly lister?: UpstreamToolLister;
  readonly timeoutMs?: number;
}

/** The MCP SDK loads only when a list is asked for (most commands never need it). */
const lazyLister: UpstreamToolLister = async (options) =>
  (await import('./list-upstream-tools.js')).listUpstreamTools(options);

function ruleDto(rule: ToolRule | null): ToolRuleDto | null {
  return rule === null ? null : { ...rule, text: describeToolRule(rule) };
}

/** Every client key, and any client a rule still names, by name. */
function clientNames(clients: Readonly<Record<string, unknown>>, policy: ToolPolicy | undefined): string[] {
  return [...new Set([...Object.keys(clients), ...Object.keys(policy?.clients ?? {})])].sort();
}

export function toolPolicyView(
  name: string,
  policy: ToolPolicy | undefined,
  clients: readonly string[],
  list: {
    readonly cache: ToolListCache | undefined;
    readonly source: ToolPolicyView['source'];
    readonly problem: string | null;
  },
): ToolPolicyView {
  const connectionRule = policy?.rule ?? null;
  const own = (client: string) =>
    policy !== undefined && Object.hasOwn(policy.clients, client) ? ownEntry(policy.clients, client)! : null;
  const decide = (rule: ToolRule | null) => {
    const compiled = rule === null ? undefined : compileRule(rule);
    return (tool: string, readOnly: boolean) => compiled?.decide(tool, readOnly).allowed ?? true;
  };
  const forConnection = decide(connectionRule);
  const forClients = clients.map((client) => {
    const rule = own(client);
    return rule === null ? forConnection : decide(rule);
  });
  const tools: ToolRow[] = (list.cache?.tools ?? []).map((tool) => {
    const readOnly = tool.annotations.readOnlyHint === true;
    return {
      ...tool,
      allowed: forConnection(tool.name, readOnly),
      byClient: forClients.map((allowed) => allowed(tool.name, readOnly)),
    };
  });
  return {
    connection: name,
    source: list.source,
    listedAt: list.cache?.listedAt ?? null,
    serverName: list.cache?.serverName ?? null,
    problem: list.problem,
    rule: ruleDto(connectionRule),
    clients: clients.map((client) => ({ name: client, rule: ruleDto(own(client)) })),
    tools,
  };
}

export function createToolPolicyService(
  context: CoreContext,
  options: ToolPolicyServiceOptions = {},
): ToolPolicyService {
  const { metadata, clock, dataDir } = context;
  const lister = options.lister ?? lazyLister;

  const cachedView = (name: string, problem: string | null = null): ToolPolicyView => {
    const current = metadata.read();
    const connection = requireConnection(current, name);
    const cache = readToolListCache(dataDir, name, connection.url);
    const source = cache === undefined ? 'none' : 'cache';
    return toolPolicyView(name, connection.toolPolicy, clientNames(current.clients, connection.toolPolicy), {
      cache,
      source,
      problem,
    });
  };

  return {
    async view(name, viewOptions = {}) {
      const connection = requireConnection(metadata.read(), name);
      if (viewOptions.live === false) return cachedView(name);
      const list = async (credential: UpstreamCredential) =>
        lister({
          url: connection.url,
          credential,
          network: context.network,
          ca: connection.ca,
          connection: name,
          ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        });
      let listed;
      try {
        // Whatever the credential's kind (token, header template, command, OAuth), as a check sends it;
        // a refused command or OAuth token gets one new one, as for `keyport check`.
        const credential = await context.credentials.get(connection);
        try {
          listed = await list(credential);
        } catch (error) {
          if (!(error instanceof KeyportError && error.code === 'TOKEN_REJECTED')) throw error;
          if ((await context.credentials.rejected(connection, credential)) === 'final') throw error;
          listed = await list(await context.credentials.get(connection));
        }
      } catch (error) {
        if (!(error instanceof KeyportError)) throw error;
        const fallback = cachedView(name, error.message);
        // Nothing to show instead: the failure itself is the answer.
        if (fallback.source === 'none') throw error;
        return fallback;
      }
      const cache: ToolListCache = {
        version: 1,
        url: connection.url,
        listedAt: clock.now().toISOString(),
        serverName: listed.serverName,
        tools: [...listed.tools],
      };
      await writeToolListCache(dataDir, name, cache);
      const current = metadata.read();
      const policy = requireConnection(current, name).toolPolicy;
      return toolPolicyView(name, policy, clientNames(current.clients, policy), {
        cache,
        source: 'live',
        problem: null,
      });
    },

    async change(name, client, change) {
      const tools = 'tools' in change ? validateToolPatterns(change.tools, `--${change.kind}`) : undefined;
      await metadata.update((draft) => {
        const connection = requireConnection(draft, name);
        if (client !== null && change.kind !== 'reset' && !Object.hasOwn(draft.clients, client)) {
          throw new KeyportError(
            'NOT_FOUND',
            `No client named "${client}"; create its key with \`keyport client add ${client}\` (\`keyport client list\` shows the names).`,
          );
        }
        const next = applyToolRuleChange(
          connection.toolPolicy,
          client,
          tools === undefined ? change : { kind: change.kind, tools },
        );
        if (next === undefined) delete connection.toolPolicy;
        else connection.toolPolicy = next;
      });
      return cachedView(name);
    },
  };
}
