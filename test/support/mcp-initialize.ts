/** A raw MCP initialize request, as a client POSTs it (for tests that bypass the SDK client). */
export const INITIALIZE_BODY = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'keyport-test', version: '1' } },
});

/** The headers an MCP POST needs besides Authorization. */
export const MCP_POST_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
} as const;
