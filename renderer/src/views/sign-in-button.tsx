import { useState } from 'react';
import type { ErrorInfo } from '../../../src/contract/errors.js';
import { useApi } from '../api-context.js';
import { ErrorMessage } from '../components/error-message.js';

/**
 * Signs an OAuth connection in again: main opens the browser and waits for it to come back; this
 * button only waits for the outcome (a token summary, never a token) and shows what went wrong.
 */
export function SignInButton(props: {
  readonly name: string;
  readonly primary?: boolean;
  readonly label?: string;
  readonly onSignedIn?: () => void;
}) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [done, setDone] = useState(false);
  const signIn = async () => {
    setBusy(true);
    setError(null);
    setDone(false);
    const result = await api['tokens:sign-in']({ name: props.name });
    setBusy(false);
    if (result.ok) {
      setDone(true);
      props.onSignedIn?.();
    } else setError(result.error);
  };
  const label = props.label ?? 'Sign in again';
  return (
    <>
      <button
        type="button"
        className={props.primary ? 'primary' : undefined}
        aria-label={`${label}: ${props.name}`}
        disabled={busy}
        onClick={() => void signIn()}
      >
        {busy ? 'Finish signing in in your browser…' : label}
      </button>
      {done && (
        <span role="status" className="success">
          Signed in
        </span>
      )}
      {error && <ErrorMessage error={error} />}
    </>
  );
}
