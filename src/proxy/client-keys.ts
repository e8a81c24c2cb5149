/**
 * Local client keys: what MCP clients on this machine send as `Authorization: Bearer <key>`.
 * A key is `kpk_` + 43 base64url chars (32 random bytes), shown once, stored as SHA-256 hex,
 * and compared in constant time against every stored hash.
 */
import { createHash, hash as oneShotHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ClientKey } from '../store/schema.js';

export const CLIENT_KEY_PREFIX = 'kpk_';
const KEY_PATTERN = /^kpk_[A-Za-z0-9_-]{43}$/;

export interface NewClientKey {
  readonly key: string;
  readonly keyHash: string;
  readonly masked: string;
}

/** SHA-256 digest; the one-shot `crypto.hash` where Node has it (cheaper on the request path). */
function sha256(value: string): Buffer {
  return typeof oneShotHash === 'function'
    ? oneShotHash('sha256', value, 'buffer')
    : createHash('sha256').update(value).digest();
}

export function hashClientKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function maskClientKey(key: string): string {
  return `${CLIENT_KEY_PREFIX}…${key.slice(-4)}`;
}

export function generateClientKey(random: (size: number) => Buffer = randomBytes): NewClientKey {
  const key = `${CLIENT_KEY_PREFIX}${random(32).toString('base64url')}`;
  return { key, keyHash: hashClientKey(key), masked: maskClientKey(key) };
}

export function looksLikeClientKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}

/**
 * The key one client connection last proved, so a keep-alive connection hashes its key once.
 * Valid only for the matcher that accepted it: any edit of the clients builds a new matcher.
 * The plain comparison against it reveals nothing: the value came from this same connection.
 */
export interface AcceptedKey {
  matcher: ClientKeyMatcher | undefined;
  presented: string;
  client: string;
}

export function noAcceptedKey(): AcceptedKey {
  return { matcher: undefined, presented: '', client: '' };
}

/** Matches a presented key against stored hashes; returns the client name or undefined. */
export interface ClientKeyMatcher {
  /** With `accepted`, a key this connection already proved to this matcher skips the hash. */
  match(presented: string, accepted?: AcceptedKey): string | undefined;
}

export function createClientKeyMatcher(clients: Readonly<Record<string, ClientKey>>): ClientKeyMatcher {
  const entries = Object.values(clients).map((client) => ({
    name: client.name,
    hash: Buffer.from(client.keyHash, 'hex'),
  }));
  const matcher: ClientKeyMatcher = {
    match(presented, accepted) {
      if (accepted?.matcher === matcher && accepted.presented === presented) return accepted.client;
      const hash = sha256(presented);
      let found: string | undefined;
      // No early exit: every stored hash is compared, so timing does not reveal which one matched.
      for (const entry of entries) {
        if (timingSafeEqual(hash, entry.hash) && found === undefined) found = entry.name;
      }
      if (accepted !== undefined && found !== undefined) {
        accepted.matcher = matcher;
        accepted.presented = presented;
        accepted.client = found;
      }
      return found;
    },
  };
  return matcher;
}

/** The bearer value of an Authorization header, or undefined. */
export function bearerOf(header: string | undefined): string | undefined {
  if (header === undefined || header.length < 8) return undefined;
  if (header.slice(0, 7).toLowerCase() !== 'bearer ') return undefined;
  const value = header.slice(7).trim();
  return value.length > 0 ? value : undefined;
}
