/**
 * Expiry presets (7d, 30d, 90d, 1y, never, or a date YYYY-MM-DD) and the expiry status.
 * Durations are counted in local calendar days, so "30d" keeps the wall-clock time across DST.
 * A date means "valid through that local day".
 */
import { KeyportError } from '../errors.js';

export const EXPIRY_PRESETS = ['7d', '30d', '90d', '1y', 'never'] as const;
export const EXPIRING_WITHIN_DAYS = 7;
const DAY_MS = 86_400_000;

export type ExpiryStatus = 'ok' | 'expiring' | 'expired';

/** The expiry instant for `input` (null = never); throws INVALID_INPUT naming the accepted forms. */
export function parseExpiry(input: string, now: Date): Date | null {
  const value = input.trim().toLowerCase();
  const days = /^(\d+)d$/.exec(value);
  if (value === 'never') return null;
  if (days && EXPIRY_PRESETS.includes(value as (typeof EXPIRY_PRESETS)[number])) {
    const at = new Date(now);
    at.setDate(at.getDate() + Number(days[1]));
    return at;
  }
  if (value === '1y') {
    const at = new Date(now);
    at.setFullYear(at.getFullYear() + 1);
    return at;
  }
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]) - 1, Number(date[3])];
    const endOfDay = new Date(year, month, day, 23, 59, 59, 999);
    if (endOfDay.getFullYear() !== year || endOfDay.getMonth() !== month || endOfDay.getDate() !== day) {
      throw new KeyportError('INVALID_INPUT', `The expiry date ${input.trim()} does not exist; use YYYY-MM-DD.`);
    }
    if (endOfDay.getTime() <= now.getTime()) {
      throw new KeyportError('INVALID_INPUT', `The expiry date ${input.trim()} is in the past.`);
    }
    return endOfDay;
  }
  throw new KeyportError(
    'INVALID_INPUT',
    `Unknown expiry "${input.trim().slice(0, 20)}": use 7d, 30d, 90d, 1y, never or a date YYYY-MM-DD.`,
  );
}

export function expiryStatus(expiresAt: string | null, now: Date, withinDays = EXPIRING_WITHIN_DAYS): ExpiryStatus {
  if (expiresAt === null) return 'ok';
  const left = Date.parse(expiresAt) - now.getTime();
  if (left <= 0) return 'expired';
  return left <= withinDays * DAY_MS ? 'expiring' : 'ok';
}
