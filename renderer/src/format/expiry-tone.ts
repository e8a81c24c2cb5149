/** How alarming an expiry date is: red once expired, amber within 7 days. */
export type ExpiryTone = 'none' | 'ok' | 'warn' | 'danger';

const WARN_MS = 7 * 24 * 3600_000;

export function expiryTone(expiresAt: string | null, now: number): ExpiryTone {
  if (expiresAt === null) return 'none';
  const left = new Date(expiresAt).getTime() - now;
  if (left <= 0) return 'danger';
  return left <= WARN_MS ? 'warn' : 'ok';
}
