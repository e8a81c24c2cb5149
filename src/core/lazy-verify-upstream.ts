/**
 * verifyUpstream, loaded on first use: the MCP SDK it needs costs ~150 ms of start-up and ~9 MB
 * resident, which most CLI commands and a healthy long-running proxy never need.
 */
import type { UpstreamVerifier } from './verify-upstream.js';

export const lazyVerifyUpstream: UpstreamVerifier = async (options) =>
  (await import('./verify-upstream.js')).verifyUpstream(options);
