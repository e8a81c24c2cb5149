import { describe, expect, it } from 'vitest';
import { KeyportError } from '../../../src/errors.js';
import { MAX_TOKEN_LENGTH, validateToken } from '../../../src/tokens/validate-token.js';

function refusal(input: string): KeyportError {
  try {
    validateToken(input);
  } catch (error) {
    if (error instanceof KeyportError) return error;
  }
  throw new Error('expected a refusal');
}

describe('validateToken', () => {
  it('Given surrounding whitespace (a piped newline), then it is trimmed', () => {
    expect(validateToken('  tok_123\n')).toBe('tok_123');
  });

  it.each([
    ['', /empty/],
    ['   \n', /empty/],
    ['abc def', /whitespace/],
    ['Bearer secretvalue', /without the "Bearer " prefix/],
    ['abc\u0007def', /control characters/],
    ['x'.repeat(MAX_TOKEN_LENGTH + 1), /2049 characters long \(at most 2048\)/],
  ])('Given %j, then it is refused with a message naming the problem', (input, message) => {
    const error = refusal(input);
    expect(error.code).toBe('INVALID_TOKEN');
    expect(error.message).toMatch(message);
  });

  it('Given a refused secret, then the message never contains it', () => {
    const secret = 'sk_live_SECRETCANARY value';
    expect(refusal(secret).message).not.toContain('SECRETCANARY');
  });

  it('Given exactly 2,048 characters, then it is accepted', () => {
    expect(validateToken('y'.repeat(MAX_TOKEN_LENGTH))).toHaveLength(MAX_TOKEN_LENGTH);
  });
});
