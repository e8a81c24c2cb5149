import type { ReactNode } from 'react';
import type { ErrorInfo } from '../../../src/contract/errors.js';
import { appText } from '../../../src/core/app-wording.js';

/**
 * The core's error as the user should read it: the message names the fix in the app's terms
 * (never a command to type); the code helps a bug report. `children` add a button with the fix.
 */
export function ErrorMessage({ error, children }: { readonly error: ErrorInfo; readonly children?: ReactNode }) {
  return (
    <div role="alert" className="error-box">
      <p className="error">
        {appText(error.message)} <code className="muted small">{error.code}</code>
      </p>
      {children}
    </div>
  );
}
