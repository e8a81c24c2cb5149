import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/contract/dto.js';
import { createAuditTail, readAudit } from '../../../src/proxy/audit-reader.js';
import { tempHome } from '../../support/temp-home.js';

const line = (connection: string, status = 200) =>
  `${JSON.stringify({ time: '2026-03-10T12:00:00.000Z', client: null, connection, method: 'tools/call', tool: 't', status, latencyMs: 3 })}\n`;

describe('audit tail', () => {
  it('Given an existing log, Then only lines appended afterwards are reported, each once, whole lines only', async () => {
    const path = join(tempHome('audit-tail'), 'audit.log');
    writeFileSync(path, line('before'));
    const seen: AuditEntry[] = [];
    const tail = await createAuditTail({ path, onEntries: (entries) => seen.push(...entries) });
    expect(await tail.poll()).toEqual([]);
    appendFileSync(path, line('a') + line('b', 401));
    const half = line('c');
    appendFileSync(path, half.slice(0, 20));
    await tail.poll();
    expect(seen.map((entry) => [entry.connection, entry.status])).toEqual([
      ['a', 200],
      ['b', 401],
    ]);
    appendFileSync(path, half.slice(20));
    await tail.poll();
    expect(seen.map((entry) => entry.connection)).toEqual(['a', 'b', 'c']);
  });

  it('Given the log was rotated (it shrank or was replaced), Then the new file is read from its start', async () => {
    const path = join(tempHome('audit-tail-rotate'), 'audit.log');
    writeFileSync(path, line('old-1') + line('old-2') + line('old-3'));
    const seen: string[] = [];
    const tail = await createAuditTail({
      path,
      onEntries: (entries) => seen.push(...entries.map((e) => e.connection)),
    });
    writeFileSync(path, line('new'));
    await tail.poll();
    expect(seen).toEqual(['new']);
    // Rotated again, and the new file is already longer than what was read: a new file all the same.
    renameSync(path, `${path}.1`);
    writeFileSync(path, line('next-1') + line('next-2') + line('next-3'));
    await tail.poll();
    expect(seen).toEqual(['new', 'next-1', 'next-2', 'next-3']);
  });

  it('Given no log yet, Then polling reports nothing until the proxy writes one', async () => {
    const path = join(tempHome('audit-tail-none'), 'audit.log');
    const seen: string[] = [];
    const tail = await createAuditTail({
      path,
      onEntries: (entries) => seen.push(...entries.map((e) => e.connection)),
    });
    expect(await tail.poll()).toEqual([]);
    writeFileSync(path, line('first'));
    await tail.poll();
    expect(seen).toEqual(['first']);
  });
});

describe('audit read', () => {
  const entryLine = (time: string, connection: string, status: number, method = 'tools/call') =>
    JSON.stringify({ time, client: 'cursor', connection, method, tool: 'search', status, latencyMs: 12 });

  it('Given an audit log and its rotated file, Then entries come newest first, filtered and limited', async () => {
    const dataDir = tempHome('audit-read');
    writeFileSync(
      join(dataDir, 'audit.log.1'),
      [entryLine('2026-03-10T08:00:00Z', 'gh', 200), entryLine('2026-03-10T08:01:00Z', 'other', 200)].join('\n') + '\n',
    );
    writeFileSync(
      join(dataDir, 'audit.log'),
      [
        entryLine('2026-03-10T09:00:00Z', 'gh', 401),
        'not json',
        entryLine('2026-03-10T09:01:00Z', 'gh', 200, 'initialize,tools/list'),
      ].join('\n') + '\n',
    );
    const all = await readAudit(dataDir, { connection: 'gh' });
    expect(all.map((entry) => entry.time)).toEqual([
      '2026-03-10T09:01:00Z',
      '2026-03-10T09:00:00Z',
      '2026-03-10T08:00:00Z',
    ]);
    expect(await readAudit(dataDir, { status: 401 })).toHaveLength(1);
    expect(await readAudit(dataDir, { method: 'tools/list' })).toHaveLength(1);
    expect(await readAudit(dataDir, { limit: 1 })).toHaveLength(1);
    expect(await readAudit(tempHome('audit-none'), {})).toEqual([]);
  });

  it('Given a call the tool policy denied, Then the entry keeps denied and "errors only" finds it', async () => {
    const dataDir = tempHome('audit-denied');
    const entry = (tool: string, denied: boolean) =>
      JSON.stringify({
        time: '2026-03-10T09:00:00Z',
        connection: 'gh',
        method: 'tools/call',
        tool,
        status: 200,
        ...(denied ? { denied: true } : {}),
      });
    writeFileSync(join(dataDir, 'audit.log'), `${entry('echo', false)}\n${entry('delete_repo', true)}\n`);
    const found = await readAudit(dataDir, { errorsOnly: true });
    expect(found).toEqual([expect.objectContaining({ tool: 'delete_repo', denied: true })]);
    expect('denied' in (await readAudit(dataDir, { limit: 2 }))[1]!).toBe(false);
  });
});
