/** A real MCP client (the SDK), configured from what Keyport wrote into a client's config file. */
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export interface ConfiguredEntry {
  readonly url: string;
  readonly headers: Record<string, string>;
}

/** The `mcpServers.<name>` entry of a url+headers config (Cursor's shape). */
export function readUrlHeadersEntry(configPath: string, name: string): ConfiguredEntry {
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as { mcpServers?: Record<string, ConfiguredEntry> };
  const entry = config.mcpServers?.[name];
  if (!entry) throw new Error(`${configPath} has no entry ${name}`);
  return entry;
}

/** Connects, calls `echo` `times` times, and closes. Rejects when the proxy refuses. */
export async function callEcho(entry: ConfiguredEntry, times: number): Promise<string[]> {
  const client = new Client({ name: 'e2e-cursor', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(entry.url), { requestInit: { headers: entry.headers } });
  await client.connect(transport);
  try {
    const texts: string[] = [];
    for (let index = 0; index < times; index += 1) {
      const result = await client.callTool({ name: 'echo', arguments: { text: `hello ${index}` } });
      const content = result.content as { type: string; text?: string }[];
      texts.push(content[0]?.text ?? '');
    }
    return texts;
  } finally {
    await client.close();
  }
}
