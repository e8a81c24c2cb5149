/**
 * The masked form every face shows: the known prefix (or the first 4 characters of a long
 * unknown token) + '…' + the last 4. Short tokens show less, so a mask never reveals most of one.
 */
import { detectTokenFormat } from './token-formats.js';

export const MASK = '…';

export function maskToken(token: string): string {
  const format = detectTokenFormat(token);
  const rest = token.slice(format.prefix.length);
  const prefix = format.prefix || (token.length >= 20 ? token.slice(0, 4) : '');
  const tail = rest.length >= 12 ? rest.slice(-4) : '';
  return `${prefix}${MASK}${tail}`;
}
