/** A process's resident memory from /proc (Linux: the soak and the bench run there). */
import { readFileSync } from 'node:fs';

/** VmRSS of `pid`, in bytes. */
export function residentBytes(pid: number): number {
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kib) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kib) * 1024;
}
