/**
 * `keyport serve` as a child process with a test's environment (outbound proxy, CAs), and the two
 * ways a test talks to it: the MCP SDK client calling the `echo` tool, and a raw MCP initialize
 * POST (to read the proxy's JSON-RPC error when the upstream cannot be reached).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startServe } from '../robustness/support/serve-process.js';
import { INITIALIZE_BODY, MCP_POST_HEADERS } from './mcp-initialize.js';
import { rawRequest, type RawResponse } from './raw-http.js';

export interface Served<T> {
  readonly result: T;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `work` against a `keyport serve` started with `env`, then stops it (SIGTERM) and returns its output. */
export async function withServe<T>(
  env: Record<string, string>,
  work: (port: number) => Promise<T>,
): Promise<Served<T>> {
  const serve = await startServe({ env });
  try {
    const result = await work(serve.port);
    await serve.stop();
    return { result, ...serve.output() };
  } catch (error) {
    await serve.stop();
    const { stderr } = serve.output();
    throw new Error(`${String(error)} — keyport serve stderr: ${stderr.slice(-1000)}`, { cause: error });
  }
}

/** The MCP SDK client through the proxy: lists the tools, calls `echo` and returns its text. */
export async function sdkEcho(options: {
  readonly port: number;
  readonly connection: string;
  readonly key: string;
  readonly text: string;
}): Promise<string> {
  const client = new Client({ name: 'real-networks-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${options.port}/${options.connection}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${options.key}` } },
    }),
  );
  try {
    const tools = await client.listTools();
    if (!tools.tools.some((tool) => tool.name === 'echo')) throw new Error('the upstream has no echo tool');
    const result = (await client.callTool({ name: 'echo', arguments: { text: options.text } })) as {
      content: Array<{ type: string; text?: string }>;
    };
    return result.content.map((part) => part.text ?? '').join('');
  } finally {
    await client.close();
  }
}

/** One MCP initialize POST through the proxy, as a client sends it. */
export function postInitialize(options: {
  readonly port: number;
  readonly connection: string;
  readonly key: string;
}): Promise<RawResponse> {
  return rawRequest({
    port: options.port,
    path: `/${options.connection}/mcp`,
    method: 'POST',
    headers: { authorization: `Bearer ${options.key}`, ...MCP_POST_HEADERS },
    body: INITIALIZE_BODY,
  });
}
