/**
 * One audit entry as a line of `keyport log`; request-derived text (method, tool) escaped for the
 * terminal; a call the tool policy refused says so after its status.
 */
import type { AuditEntry } from '../contract/dto.js';
import { terminalSafe } from './terminal-text.js';

export function formatAuditEntry(entry: AuditEntry): string {
  const tool = entry.tool ? ` ${terminalSafe(entry.tool)}` : '';
  const method = terminalSafe(entry.method ?? '-');
  const status = entry.denied === true ? `${entry.status} DENIED by the tool policy` : String(entry.status);
  return `${entry.time}  ${terminalSafe(entry.connection)}  ${terminalSafe(entry.client ?? '(keyless)')}  ${method}${tool}  ${status}  ${entry.latencyMs.toFixed(1)} ms`;
}
