/**
 * Token input validation. Surrounding whitespace is trimmed (a trailing newline from a pipe
 * or a paste); everything else that is wrong is refused with a message naming the problem.
 * Messages never contain the token.
 */
import { KeyportError } from '../errors.js';

export const MAX_TOKEN_LENGTH = 2048;

export function validateToken(input: string): string {
  const token = input.trim();
  if (token === '') {
    throw new KeyportError('INVALID_TOKEN', 'The token is empty: pipe it on stdin or paste it at the prompt.');
  }
  if (token.length > MAX_TOKEN_LENGTH) {
    throw new KeyportError(
      'INVALID_TOKEN',
      `The token is ${token.length} characters long (at most ${MAX_TOKEN_LENGTH}); check that you copied only the token.`,
    );
  }
  if (/\s/.test(token)) {
    const hint = /^bearer\s/i.test(token) ? ' — paste the token without the "Bearer " prefix' : '';
    throw new KeyportError('INVALID_TOKEN', `The token contains whitespace${hint}; paste exactly one token.`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(token)) {
    throw new KeyportError('INVALID_TOKEN', 'The token contains control characters; paste it again as plain text.');
  }
  return token;
}
