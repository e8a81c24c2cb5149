/** Commander option parsers that fail with a KeyportError naming the flag. */
import { KeyportError } from '../errors.js';

export function parseWholeNumber(flag: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value.trim())) {
      throw new KeyportError('INVALID_INPUT', `${flag} must be a whole number, not "${value.slice(0, 20)}".`);
    }
    return Number(value.trim());
  };
}

/** A whole number, or `none` (→ null) to remove the setting. */
export function parseNumberOrNone(flag: string): (value: string) => number | null {
  const number = parseWholeNumber(flag);
  return (value) => (value.trim().toLowerCase() === 'none' ? null : number(value));
}

/** Commander's way to repeat an option (`--header a --header b`). */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
