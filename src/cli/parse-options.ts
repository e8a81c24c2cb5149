/** Commander option parsers that fail with a KeyportError naming the flag. */
import { KeyportError } from '../errors.js';

export function parseWholeNumber(flag: string): (value: string) => number {
  return (value) => {
    const number = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
    if (!Number.isSafeInteger(number)) {
      throw new KeyportError('INVALID_INPUT', `${flag} must be a whole number, not "${value.slice(0, 20)}".`);
    }
    return number;
  };
}

/**
 * A whole number, or `none` to remove the setting. (Not null: commander turns a parser's null
 * into '' — which once made `--quota none` change nothing.)
 */
export function parseNumberOrNone(flag: string): (value: string) => number | 'none' {
  const number = parseWholeNumber(flag);
  return (value) => (isNone(value) ? 'none' : number(value));
}

/** `none` (any case, spaces around) — how the CLI spells "remove this". */
export function isNone(value: string): boolean {
  return value.trim().toLowerCase() === 'none';
}
