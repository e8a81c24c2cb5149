/**
 * The hard stop's bookkeeping of calls on their way to the upstream. Counting a call only when its
 * answer came back let 40 concurrent `tools/call` against a quota of 5 all pass the check; now a
 * call takes a reservation first, which counts against the quota until the call settles: metered
 * (a 2xx: the meter counts the call and drops the reservation), failed (released: its room is
 * given back), or cut off by its client after it went upstream (committed: the provider has likely
 * counted it, so Keyport does too). Settling twice is a no-op, so each call is counted once.
 */
export interface Reservation {
  /** The call failed (error, refusal, non-2xx): give its room back. */
  release(): void;
  /** The call went upstream but no answer was metered (the client went away): count it. */
  commit(): void;
  /** The meter counted the call (a 2xx): the reservation is no longer needed. */
  metered(): void;
}

export interface QuotaReservations {
  /** Reserves `count` calls of a connection (and its account); `onCommit` counts them if committed. */
  hold(connection: string, account: string | null, count: number, onCommit: (count: number) => void): Reservation;
  /** Calls reserved and not settled, for a connection / an account. */
  connectionHeld(connection: string): number;
  accountHeld(account: string): number;
}

export function createQuotaReservations(): QuotaReservations {
  const byConnection = new Map<string, number>();
  const byAccount = new Map<string, number>();
  const adjust = (map: Map<string, number>, key: string, delta: number): void => {
    const next = (map.get(key) ?? 0) + delta;
    if (next === 0) map.delete(key);
    else map.set(key, next);
  };

  return {
    hold(connection, account, count, onCommit) {
      let settled = false;
      adjust(byConnection, connection, count);
      if (account !== null) adjust(byAccount, account, count);
      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        adjust(byConnection, connection, -count);
        if (account !== null) adjust(byAccount, account, -count);
        return true;
      };
      return {
        release: () => void settle(),
        metered: () => void settle(),
        commit: () => {
          if (settle()) onCommit(count);
        },
      };
    },
    connectionHeld: (connection) => byConnection.get(connection) ?? 0,
    accountHeld: (account) => byAccount.get(account) ?? 0,
  };
}
