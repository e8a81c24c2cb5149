import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/contract/dto.js';
import { matchesAuditFilter } from '../../../src/contract/audit-filter.js';

const entry: AuditEntry = {
  time: '2026-11-22T10:00:00.000Z',
  client: 'cursor',
  connection: 'billing',
  method: 'tools/call',
  tool: 'echo',
  status: 200,
  latencyMs: 3,
};

describe('matchesAuditFilter', () => {
  it('Given a filter, Then an entry is kept only when every given field matches', () => {
    expect(matchesAuditFilter(entry, {})).toBe(true);
    expect(
      matchesAuditFilter(entry, { connection: 'billing', client: 'cursor', method: 'tools/call', status: 200 }),
    ).toBe(true);
    expect(matchesAuditFilter(entry, { status: 401 })).toBe(false);
    expect(matchesAuditFilter(entry, { client: 'vscode' })).toBe(false);
    expect(matchesAuditFilter(entry, { connection: 'search' })).toBe(false);
  });

  it('Given a batch entry (comma-joined methods), Then a method filter matches any method in it', () => {
    const batch = { ...entry, method: 'tools/list,tools/call' };
    expect(matchesAuditFilter(batch, { method: 'tools/call' })).toBe(true);
    expect(matchesAuditFilter(batch, { method: 'tools/list' })).toBe(true);
    expect(matchesAuditFilter(batch, { method: 'initialize' })).toBe(false);
    expect(matchesAuditFilter({ ...entry, method: null }, { method: 'tools/call' })).toBe(false);
  });

  it('Given a call the tool policy denied (answered with 200 by the proxy), Then "errors only" keeps it', () => {
    expect(matchesAuditFilter({ ...entry, denied: true }, { errorsOnly: true })).toBe(true);
    expect(matchesAuditFilter(entry, { errorsOnly: true })).toBe(false);
  });
});
