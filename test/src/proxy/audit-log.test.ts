import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { AUDIT_BATCH_LINES, createAuditLog, createIsoTimeFormatter } from '../../../src/proxy/audit-log.js';
import { followAudit, formatAuditEntry, readAuditTail } from '../../../src/proxy/audit-reader.js';

const dir = mkdtempSync(join(tmpdir(), 'keyport-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('audit log', () => {
  it('Given times in and across seconds, leap days, the epoch and before it, then the cached formatter writes what toISOString does', () => {
    const isoTime = createIsoTimeFormatter();
    const base = Date.UTC(2028, 1, 29, 23, 59, 59);
    const times = [base, base + 7, base + 42, base + 999, base + 1000, base + 1001, base + 5, 0, 999, -1, -1001, 1.5];
    for (let step = 0; step < 3000; step += 1) times.push(base + Math.floor(step * 7.3));
    for (const at of times) expect(isoTime(at), String(at)).toBe(new Date(at).toISOString());
  });

  it('Given many entries and a small size limit, then the file rotates and the tail reads across files', async () => {
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
    const tail = readAuditTail(dir, 3);
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
    const batchDir = mkdtempSync(join(dir, 'batch-'));
    const log = createAuditLog({ dataDir: batchDir });
    const record = { client: 'cursor', connection: 'svc', method: 'tools/call', tool: null, status: 200, latencyMs: 1 };
    for (let index = 0; index < AUDIT_BATCH_LINES - 1; index += 1) log.append({ ...record, at: index });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(log.path)).toBe(false);
    log.append({ ...record, at: AUDIT_BATCH_LINES });
    await vi.waitFor(() => expect(readAuditTail(batchDir, AUDIT_BATCH_LINES + 1)).toHaveLength(AUDIT_BATCH_LINES));
  });

  it('Given `log --follow`, then entries appended later are delivered, and a human line names tool, status and latency', async () => {
    const followDir = mkdtempSync(join(tmpdir(), 'keyport-audit-follow-'));
    const log = createAuditLog({ dataDir: followDir });
    const seen: string[] = [];
    const stop = followAudit(followDir, (entry) => seen.push(formatAuditEntry(entry)), 20);
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
      expect(readAuditTail(followDir, 2).map((entry) => 'denied' in entry)).toEqual([false, true]);
    } finally {
      stop();
      rmSync(followDir, { recursive: true, force: true });
    }
  });
});
