/**
 * A process's IPv4 TCP sockets as the Linux kernel reports them (/proc/net/tcp joined with the
 * socket inodes of /proc/<pid>/fd): ports, state and which timer runs — `keepalive` only on a
 * socket with SO_KEEPALIVE set that has nothing else pending, so it proves TCP keep-alive is on.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export type TcpTimer = 'none' | 'retransmit' | 'keepalive' | 'time-wait' | 'probe';
const TIMERS: Readonly<Record<string, TcpTimer>> = {
  '00': 'none',
  '01': 'retransmit',
  '02': 'keepalive',
  '03': 'time-wait',
  '04': 'probe',
};

export interface TcpSocket {
  readonly localPort: number;
  readonly remotePort: number;
  /** The kernel's state: 01 ESTABLISHED, 08 CLOSE_WAIT, 06 TIME_WAIT… */
  readonly state: string;
  readonly timer: TcpTimer;
  /** The timer's remaining time, in clock ticks (USER_HZ, usually 100 a second). */
  readonly timerTicks: number;
}

function socketInodes(pid: number | 'self'): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]!);
    } catch {
      // The fd closed while we listed them.
    }
  }
  return inodes;
}

export function tcpSocketsOf(pid: number | 'self' = 'self'): TcpSocket[] {
  const inodes = socketInodes(pid);
  const sockets: TcpSocket[] = [];
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10 || !inodes.has(fields[9]!)) continue;
    const [timer, ticks] = fields[5]!.split(':');
    sockets.push({
      localPort: Number.parseInt(fields[1]!.split(':')[1]!, 16),
      remotePort: Number.parseInt(fields[2]!.split(':')[1]!, 16),
      state: fields[3]!,
      timer: TIMERS[timer!] ?? 'none',
      timerTicks: Number.parseInt(ticks!, 16),
    });
  }
  return sockets;
}
