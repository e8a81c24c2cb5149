import { useState } from 'react';
import type { TokenSummary } from '../../../src/contract/dto.js';
import { appText } from '../../../src/core/app-wording.js';
import { TestOutcome, type TestState } from './test-connection.js';
import { FixButton, primaryFix } from './token-fix.js';

/**
 * The top of a token's page when something needs attention: the worst reason in a sentence, the
 * primary fix as the main button (Rotate token, Resume, Test again), the provider's token page
 * when a new token is needed and the format table knows where, then any other reasons.
 */
export function AttentionCallout(props: { readonly token: TokenSummary; readonly onRotate: () => void }) {
  const { token } = props;
  const [test, setTest] = useState<TestState>({ state: 'idle' });
  const [worst, ...others] = token.attention.reasons;
  if (worst === undefined) return null;
  const fix = primaryFix(token);
  const needsNewToken = token.attention.reasons.some((reason) => reason.fix === 'rotate');
  return (
    <section className={`callout callout-${token.attention.level}`} aria-labelledby="callout-title">
      <h2 id="callout-title">{worst.label}</h2>
      <p>{appText(worst.sentence)}</p>
      {others.length > 0 && (
        <ul className="callout-more">
          {others.map((reason) => (
            <li key={reason.code}>{appText(reason.sentence)}</li>
          ))}
        </ul>
      )}
      <div className="row">
        {fix && <FixButton token={token} fix={fix} primary onRotate={props.onRotate} onTested={setTest} />}
        {needsNewToken && token.tokenPageUrl && (
          <a className="button-link" href={token.tokenPageUrl} target="_blank" rel="noreferrer">
            Open the provider&apos;s token page
          </a>
        )}
      </div>
      <TestOutcome test={test} />
    </section>
  );
}
