/**
 * When a quota runs out at the pace of the current period so far: calls per elapsed time since
 * the period began (one month before its reset), projected to the limit. Pure: `now` is passed in.
 */
import type { QuotaSummary } from '../contract/dto.js';

export type QuotaPace =
  | { readonly state: 'no-quota' }
  | { readonly state: 'used-up' }
  /** No call yet this period: nothing to project. */
  | { readonly state: 'idle' }
  /** At this pace the quota lasts until the reset. */
  | { readonly state: 'lasts' }
  | { readonly state: 'runs-out'; readonly at: Date };

/** The start of the period that ends at `resetsAt`: the same day and time one month earlier. */
export function periodStartOf(resetsAt: string): Date {
  const start = new Date(resetsAt);
  start.setMonth(start.getMonth() - 1);
  return start;
}

export function quotaPace(quota: Pick<QuotaSummary, 'limit' | 'used' | 'resetsAt'>, now: Date): QuotaPace {
  if (quota.limit === null || quota.resetsAt === null) return { state: 'no-quota' };
  if (quota.used >= quota.limit) return { state: 'used-up' };
  if (quota.used <= 0) return { state: 'idle' };
  const start = periodStartOf(quota.resetsAt).getTime();
  const reset = Date.parse(quota.resetsAt);
  const elapsed = Math.max(now.getTime() - start, 60_000);
  const at = now.getTime() + ((quota.limit - quota.used) * elapsed) / quota.used;
  return at >= reset ? { state: 'lasts' } : { state: 'runs-out', at: new Date(at) };
}
