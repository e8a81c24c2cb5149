/**
 * Reads the quota a provider reports in response headers: `RateLimit-Limit/-Remaining/-Reset`,
 * `X-RateLimit-*`, or the structured `RateLimit: limit=…, remaining=…, reset=…`. Reset values
 * larger than 10^9 are epoch seconds; smaller ones are seconds from now.
 */
import type { ProviderQuota } from '../store/schema.js';

type Headers = Record<string, string | string[] | undefined>;

function first(headers: Headers, ...names: string[]): number | null {
  for (const name of names) {
    const raw = headers[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined) continue;
    const number = Number.parseFloat(value);
    if (Number.isFinite(number)) return number;
  }
  return null;
}

function structured(headers: Headers): { limit: number | null; remaining: number | null; reset: number | null } {
  const raw = headers.ratelimit;
  const value = Array.isArray(raw) ? raw[0] : raw;
  const result = { limit: null as number | null, remaining: null as number | null, reset: null as number | null };
  if (value === undefined) return result;
  for (const part of value.split(/[,;]/)) {
    const [key, number] = part.split('=').map((piece) => piece.trim());
    const parsed = Number.parseFloat(number ?? '');
    if (!Number.isFinite(parsed)) continue;
    if (key === 'limit') result.limit = parsed;
    else if (key === 'remaining' || key === 'r') result.remaining = parsed;
    else if (key === 'reset' || key === 't') result.reset = parsed;
  }
  return result;
}

export function readProviderQuota(headers: Headers, now: Date): ProviderQuota | null {
  // Most upstreams send none of these: answer without allocating on the request path.
  if (
    headers.ratelimit === undefined &&
    headers['ratelimit-limit'] === undefined &&
    headers['x-ratelimit-limit'] === undefined &&
    headers['ratelimit-remaining'] === undefined &&
    headers['x-ratelimit-remaining'] === undefined
  ) {
    return null;
  }
  const fromStructured = structured(headers);
  const limit = first(headers, 'ratelimit-limit', 'x-ratelimit-limit') ?? fromStructured.limit;
  const remaining = first(headers, 'ratelimit-remaining', 'x-ratelimit-remaining') ?? fromStructured.remaining;
  const reset = first(headers, 'ratelimit-reset', 'x-ratelimit-reset') ?? fromStructured.reset;
  if (limit === null && remaining === null) return null;
  let resetAt: string | null = null;
  if (reset !== null && reset >= 0) {
    const ms = reset > 1e9 ? reset * 1000 : now.getTime() + reset * 1000;
    const date = new Date(ms);
    if (!Number.isNaN(date.getTime())) resetAt = date.toISOString();
  }
  return { limit, remaining, resetAt, observedAt: now.toISOString() };
}
