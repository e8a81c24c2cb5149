import type { ErrorInfo } from '../../../src/contract/errors.js';

/** The core's error as the user should read it: the message names the fix; the code helps a bug report. */
export function ErrorMessage({ error }: { readonly error: ErrorInfo }) {
  return (
    <p role="alert" className="error">
      {error.message} <code className="muted small">{error.code}</code>
    </p>
  );
}
