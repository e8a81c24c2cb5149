/**
 * The live tool list of an upstream, as `keyport tools` and the app's Tools tab show it: an MCP
 * `initialize` and every page of `tools/list` with the stored token (a listing spends no quota),
 * over the same client as verification (verify-upstream.ts). Only what is shown is kept: name,
 * title, description and the annotations' hints — never input schemas.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ListedTool, ToolAnnotations } from '../store/tool-list-cache.js';
import { withUpstreamClient, type VerifyUpstreamOptions } from './verify-upstream.js';

/** Pages read at most (a server that never stops paginating). */
const MAX_PAGES = 100;
/** Tools kept at most. */
export const MAX_LISTED_TOOLS = 10_000;
const MAX_DESCRIPTION = 4000;

export interface UpstreamToolList {
  readonly serverName: string | null;
  readonly tools: readonly ListedTool[];
}

export type UpstreamToolLister = (options: VerifyUpstreamOptions) => Promise<UpstreamToolList>;

function annotationsOf(tool: Tool): ToolAnnotations {
  const given = tool.annotations ?? {};
  const hints: Record<string, boolean | string> = {};
  if (typeof given.title === 'string') hints.title = given.title;
  for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
    if (typeof given[hint] === 'boolean') hints[hint] = given[hint];
  }
  return hints as ToolAnnotations;
}

export function listedTool(tool: Tool): ListedTool {
  return {
    name: tool.name,
    title: tool.title ?? tool.annotations?.title ?? null,
    description: tool.description === undefined ? null : tool.description.slice(0, MAX_DESCRIPTION),
    annotations: annotationsOf(tool),
  };
}

export const listUpstreamTools: UpstreamToolLister = (options) =>
  withUpstreamClient(options, async (client, timeoutMs) => {
    const tools: ListedTool[] = [];
    if (client.getServerCapabilities()?.tools) {
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES && tools.length < MAX_LISTED_TOOLS; page += 1) {
        const result = await client.listTools(cursor ? { cursor } : {}, { timeout: timeoutMs });
        tools.push(...result.tools.slice(0, MAX_LISTED_TOOLS - tools.length).map(listedTool));
        cursor = result.nextCursor;
        if (!cursor) break;
      }
    }
    return { serverName: client.getServerVersion()?.name ?? null, tools };
  });
