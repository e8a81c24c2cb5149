import type { VerifyResult } from '../../../src/contract/dto.js';
import type { ErrorInfo } from '../../../src/contract/errors.js';
import { ErrorMessage } from '../components/error-message.js';

export type TestState =
  | { readonly state: 'idle' }
  | { readonly state: 'testing' }
  | { readonly state: 'passed'; readonly result: VerifyResult }
  | { readonly state: 'failed'; readonly error: ErrorInfo };

/** What "Test connection" found: the server's name and tool count, or the exact error. */
export function TestOutcome({ test }: { readonly test: TestState }) {
  switch (test.state) {
    case 'idle':
      return null;
    case 'testing':
      return (
        <p role="status" className="muted">
          Testing…
        </p>
      );
    case 'passed': {
      const { serverName, serverVersion, toolCount } = test.result;
      return (
        <p role="status" className="success">
          Connected to <strong>{serverName}</strong>
          {serverVersion ? ` ${serverVersion}` : ''}
          {toolCount !== null ? ` — ${toolCount} ${toolCount === 1 ? 'tool' : 'tools'}` : ''}
        </p>
      );
    }
    case 'failed':
      return <ErrorMessage error={test.error} />;
  }
}
