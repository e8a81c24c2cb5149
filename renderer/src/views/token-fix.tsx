import { useState } from 'react';
import type { AttentionFix, TokenSummary } from '../../../src/contract/dto.js';
import { assertNever } from '../../../src/errors.js';
import { useApi } from '../api-context.js';
import { SignInButton } from './sign-in-button.js';
import type { TestState } from './test-connection.js';

/** The fix a token's worst reason offers, if any: the first reason that has one. */
export function primaryFix(token: TokenSummary): AttentionFix | null {
  return token.attention.reasons.find((reason) => reason.fix !== null)?.fix ?? null;
}

export function fixLabel(fix: AttentionFix): string {
  switch (fix) {
    case 'rotate':
      return 'Rotate token';
    case 'resume':
      return 'Resume';
    case 'test-again':
      return 'Test again';
    case 'sign-in':
      return 'Sign in';
    default:
      return assertNever(fix);
  }
}

/**
 * The button that applies a fix in place: Rotate opens the rotate panel, Resume resumes, Test again
 * re-checks (the result arrives with the next token list), Sign in signs an OAuth connection in
 * again in the browser.
 */
export function FixButton(props: {
  readonly token: TokenSummary;
  readonly fix: AttentionFix;
  readonly onRotate: () => void;
  readonly onTested?: (test: TestState) => void;
  readonly primary?: boolean;
}) {
  const { token, fix } = props;
  const api = useApi();
  const [busy, setBusy] = useState(false);
  if (fix === 'sign-in') return <SignInButton name={token.name} label="Sign in" primary={props.primary ?? false} />;
  const run = async () => {
    switch (fix) {
      case 'rotate':
        props.onRotate();
        return;
      case 'resume':
        setBusy(true);
        await api['tokens:set-paused']({ name: token.name, paused: false });
        setBusy(false);
        return;
      case 'test-again': {
        setBusy(true);
        props.onTested?.({ state: 'testing' });
        const result = await api['tokens:test']({ name: token.name });
        setBusy(false);
        props.onTested?.(
          result.ok ? { state: 'passed', result: result.value } : { state: 'failed', error: result.error },
        );
        return;
      }
      default:
        assertNever(fix);
    }
  };
  const label = fixLabel(fix);
  return (
    <button
      type="button"
      className={props.primary ? 'primary' : undefined}
      aria-label={`${label} ${token.name}`}
      disabled={busy}
      onClick={() => void run()}
    >
      {busy && fix === 'test-again' ? 'Testing…' : label}
    </button>
  );
}
