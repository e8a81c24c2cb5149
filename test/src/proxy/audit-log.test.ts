import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { formatAuditEntry } from '../../../src/cli/format-audit.js';
import { AUDIT_BATCH_LINES, createAuditLog, createIsoTimeFormatter } from '../../../src/proxy/audit-log.js';
import { createAuditTail, readAudit } from '../../../src/proxy/audit-reader.js';
import { controlCharacters } from '../../support/control-characters.js';
import { tempHome } from '../../support/temp-home.js';

/** The last `count` entries, oldest first (what `keyport log -n <count>` prints). */
async function lastEntries(dataDir: string, count: number) {
  return (await readAudit(dataDir, { limit: count })).reverse();
}

describe('audit log', () => {
  it('Given times in and across seconds, leap days, the epoch and before it, then the cached formatter writes what toISOString does', () => {
    const isoTime = createIsoTimeFormatter();
    const base = Date.UTC(2028, 1, 29, 23, 59, 59);
    const times = [base, base + 7, base + 42, base + 999, base + 1000, base + 1001, base + 5, 0, 999, -1, -1001, 1.5];
    for (let step = 0; step < 3000; step += 1) times.push(base + Math.floor(step * 7.3));
    for (const at of times) expect(isoTime(at), String(at)).toBe(new Date(at).toISOString());
  });

  it('Given many entries and a small size limit, then the file rotates and the tail reads across files', async () => {
    const dir = tempHome('audit');
    const log = createAuditLog({ dataDir: dir, maxBytes: 1000 });
    for (let index = 0; index < 40; index += 1) {
      log.append({
        at: Date.UTC(2026, 0, 1, 0, 0, index),
        client: 'cursor',
        connection: 'svc',
        method: 'tools/call',
        tool: `t${index}`,
        status: 200,
        latencyMs: 1.5,
      });
      if (index % 5 === 4) await log.flush();
    }
    await log.flush();
    expect(existsSync(`${log.path}.1`)).toBe(true);
    expect(readFileSync(log.path, 'utf8').length).toBeLessThanOrEqual(1000);
    const tail = await lastEntries(dir, 3);
    expect(tail.map((entry) => entry.tool)).toEqual(['t37', 't38', 't39']);
    expect(tail[0]).toEqual({
      time: '2026-01-01T00:00:37.000Z',
      client: 'cursor',
      connection: 'svc',
      method: 'tools/call',
      tool: 't37',
      status: 200,
      latencyMs: 1.5,
    });
  });

  it('Given a full batch of entries and no flush call, then they are written without waiting for the timer', async () => {
    const batchDir = tempHome('audit-batch');
    const log = createAuditLog({ dataDir: batchDir });
    const record = { client: 'cursor', connection: 'svc', method: 'tools/call', tool: null, status: 200, latencyMs: 1 };
    for (let index = 0; index < AUDIT_BATCH_LINES - 1; index += 1) log.append({ ...record, at: index });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(log.path)).toBe(false);
    log.append({ ...record, at: AUDIT_BATCH_LINES });
    await vi.waitFor(async () =>
      expect(await lastEntries(batchDir, AUDIT_BATCH_LINES + 1)).toHaveLength(AUDIT_BATCH_LINES),
    );
  });

  it('Given `log --follow`, then entries appended later are delivered, and a human line names tool, status and latency', async () => {
    const followDir = tempHome('audit-follow');
    const log = createAuditLog({ dataDir: followDir });
    const seen: string[] = [];
    const tail = await createAuditTail({
      path: log.path,
      onEntries: (entries) => seen.push(...entries.map(formatAuditEntry)),
    });
    tail.start(20);
    try {
      log.append({
        at: Date.UTC(2026, 0, 1),
        client: null,
        connection: 'svc',
        method: 'tools/call',
        tool: 'echo',
        status: 429,
        latencyMs: 0.25,
      });
      log.append({
        at: Date.UTC(2026, 0, 1),
        client: 'cursor',
        connection: 'svc',
        method: 'tools/call',
        tool: 'ticks',
        status: 200,
        latencyMs: 0.5,
        denied: true,
      });
      await log.flush();
      await expect.poll(() => seen.length, { timeout: 3000 }).toBe(2);
      expect(seen[0]).toBe('2026-01-01T00:00:00.000Z  svc  (keyless)  tools/call echo  429  0.3 ms');
      expect(seen[1]).toBe(
        '2026-01-01T00:00:00.000Z  svc  cursor  tools/call ticks  200 DENIED by the tool policy  0.5 ms',
      );
      // Only a denied entry carries the field.
      expect((await lastEntries(followDir, 2)).map((entry) => 'denied' in entry)).toEqual([false, true]);
    } finally {
      tail.stop();
    }
  });

  it('Given a method and tool full of escape sequences, then the human line shows them escaped, never raw', () => {
    const line = formatAuditEntry({
      time: '2026-01-01T00:00:00.000Z',
      client: 'cursor',
      connection: 'svc',
      method: 'tools/call\u001b[2J\u001b[H',
      tool: 'x\r\n2026-01-01T00:00:01.000Z  svc  cursor  tools/call fake  200  1.0 ms\u202e\u0007\u009b',
      status: 200,
      latencyMs: 1,
    });
    expect(controlCharacters(line)).toEqual([]);
    expect(line).toBe(
      '2026-01-01T00:00:00.000Z  svc  cursor  tools/call\\x1b[2J\\x1b[H x\\x0d\\x0a2026-01-01T00:00:01.000Z  svc  cursor  tools/call fake  200  1.0 ms\\u202e\\x07\\x9b  200  1.0 ms',
    );
  });
});
