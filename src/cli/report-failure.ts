/**
 * What every `keyport` failure becomes: a KeyportError's message on one line of stderr, anything
 * else a generic line (its stack only with KEYPORT_DEBUG=1); exit code 1.
 */
import { isKeyportError } from '../errors.js';

export function reportFailure(error: unknown): number {
  if (isKeyportError(error)) {
    process.stderr.write(`keyport: ${error.message}\n`);
    return 1;
  }
  process.stderr.write('keyport: unexpected internal error; run `keyport doctor` and report it if it persists.\n');
  if (process.env.KEYPORT_DEBUG === '1' && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
  return 1;
}
