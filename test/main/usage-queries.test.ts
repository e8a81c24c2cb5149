import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dailyCalls, readAudit } from '../../main/usage-queries.js';
import { tempHome } from '../support/temp-home.js';

const line = (time: string, connection: string, status: number, method = 'tools/call') =>
  JSON.stringify({ time, client: 'cursor', connection, method, tool: 'search', status, latencyMs: 12 });

describe('usage queries', () => {
  it('Given counts on some days, Then the last N local days come back oldest first, zero-filled', () => {
    const now = new Date(2026, 2, 10, 9, 30);
    expect(dailyCalls({ '2026-03-08': 4, '2026-03-10': 7, '2026-01-01': 99 }, 3, now)).toEqual([
      { date: '2026-03-08', calls: 4 },
      { date: '2026-03-09', calls: 0 },
      { date: '2026-03-10', calls: 7 },
    ]);
    expect(dailyCalls(undefined, 1, now)).toEqual([{ date: '2026-03-10', calls: 0 }]);
  });

  it('Given an audit log and its rotated file, Then entries come newest first, filtered and limited', async () => {
    const dataDir = tempHome('audit-read');
    writeFileSync(
      join(dataDir, 'audit.log.1'),
      [line('2026-03-10T08:00:00Z', 'gh', 200), line('2026-03-10T08:01:00Z', 'other', 200)].join('\n') + '\n',
    );
    writeFileSync(
      join(dataDir, 'audit.log'),
      [
        line('2026-03-10T09:00:00Z', 'gh', 401),
        'not json',
        line('2026-03-10T09:01:00Z', 'gh', 200, 'initialize,tools/list'),
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
    writeFileSync(
      join(dataDir, 'audit.log'),
      [
        JSON.stringify({
          time: '2026-03-10T09:00:00Z',
          connection: 'gh',
          method: 'tools/call',
          tool: 'echo',
          status: 200,
        }),
        JSON.stringify({
          time: '2026-03-10T09:01:00Z',
          connection: 'gh',
          method: 'tools/call',
          tool: 'delete_repo',
          status: 200,
          denied: true,
        }),
      ].join('\n') + '\n',
    );
    const found = await readAudit(dataDir, { errorsOnly: true });
    expect(found).toEqual([expect.objectContaining({ tool: 'delete_repo', denied: true })]);
    expect('denied' in (await readAudit(dataDir, { limit: 2 }))[1]!).toBe(false);
  });
});
