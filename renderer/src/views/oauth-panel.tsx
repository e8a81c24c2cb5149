import type { TokenSummary } from '../../../src/contract/dto.js';
import { appText } from '../../../src/core/app-wording.js';
import { formatAgo, formatRelative } from '../format/relative-time.js';
import { SignInButton } from './sign-in-button.js';

const CLIENT_SOURCE = {
  'pre-registered': 'a pre-registered client',
  'metadata-document': "Keyport's client metadata document",
  dynamic: 'a client Keyport registered',
} as const;

/** An OAuth connection's sign-in: its state, scope and times, and Sign in again. Never a token. */
export function OAuthPanel({ token, now }: { readonly token: TokenSummary; readonly now: number }) {
  const oauth = token.oauth;
  if (oauth === null) return null;
  const state = oauth.signInNeeded
    ? `Sign-in needed (${appText(oauth.signInNeeded.detail)}) since ${formatAgo(oauth.signInNeeded.since, now)}`
    : oauth.moreScope !== null
      ? `More access needed${oauth.moreScope ? ` (scope ${oauth.moreScope})` : ''}`
      : 'Signed in';
  return (
    <section className="panel" aria-labelledby="oauth-title">
      <h2 id="oauth-title">Sign-in</h2>
      <dl className="facts">
        <dt>State</dt>
        <dd className={oauth.signInNeeded || oauth.moreScope !== null ? 'tone-danger' : undefined}>{state}</dd>
        <dt>Last sign-in</dt>
        <dd>{oauth.signedInAt ? formatAgo(oauth.signedInAt, now) : 'Never'}</dd>
        <dt>Scope</dt>
        <dd>{oauth.scope ?? 'none asked for'}</dd>
        <dt>Access token</dt>
        <dd>
          {oauth.accessExpiresAt === null
            ? 'No expiry given by the server'
            : `Expires ${formatRelative(oauth.accessExpiresAt, now)}; Keyport refreshes it before`}
        </dd>
        {oauth.signInExpiresAt && (
          <>
            <dt>Sign-in lapses</dt>
            <dd>{formatRelative(oauth.signInExpiresAt, now)}</dd>
          </>
        )}
        <dt>Client</dt>
        <dd>{CLIENT_SOURCE[oauth.clientSource]}</dd>
      </dl>
      <div className="row">
        <SignInButton name={token.name} primary={oauth.signInNeeded !== null || oauth.moreScope !== null} />
      </div>
    </section>
  );
}
