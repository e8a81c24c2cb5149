import { TextField } from '../components/text-field.js';
import { SecretInput } from '../components/secret-input.js';

export type CredentialKind = 'token' | 'command' | 'oauth';

const KINDS: readonly { readonly kind: CredentialKind; readonly label: string }[] = [
  { kind: 'token', label: 'A token I paste' },
  { kind: 'command', label: 'A token a command prints' },
  { kind: 'oauth', label: 'Sign in with OAuth' },
];

/** How the server takes its credential: the add form shows that kind's fields. */
export function CredentialKindChoice(props: {
  readonly kind: CredentialKind;
  readonly onChange: (kind: CredentialKind) => void;
}) {
  return (
    <fieldset>
      <legend>How does this server take its credential?</legend>
      <div role="radiogroup" aria-label="Credential" className="row">
        {KINDS.map(({ kind, label }) => (
          <label key={kind} className="check">
            <input
              type="radio"
              name="credential-kind"
              value={kind}
              checked={props.kind === kind}
              onChange={() => props.onChange(kind)}
            />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A command that prints the token, and how long its token is used. */
export function CommandFields(props: {
  readonly command: string;
  readonly ttl: string;
  readonly onCommand: (value: string) => void;
  readonly onTtl: (value: string) => void;
}) {
  return (
    <div className="row">
      <TextField
        label="Token command"
        required
        placeholder="gh auth token"
        value={props.command}
        hint="Run without a shell when a token is needed; its output is the token and is never stored."
        onChange={(event) => props.onCommand(event.target.value)}
      />
      <TextField
        label="Use its token for (seconds)"
        type="number"
        min={1}
        max={86400}
        value={props.ttl}
        onChange={(event) => props.onTtl(event.target.value)}
      />
    </div>
  );
}

/** OAuth: the scope to ask for and a pre-registered client, all optional. */
export function OAuthFields(props: {
  readonly scope: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly onScope: (value: string) => void;
  readonly onClientId: (value: string) => void;
  readonly onClientSecret: (value: string) => void;
}) {
  return (
    <>
      <p className="muted">
        Keyport opens your browser to sign in; the tokens it gets stay in your OS keychain and are refreshed by the
        proxy.
      </p>
      <TextField
        label="Scope (optional)"
        value={props.scope}
        hint="Empty: what the server asks for."
        onChange={(event) => props.onScope(event.target.value)}
      />
      <TextField
        label="Client ID (optional)"
        value={props.clientId}
        hint="Only for a client the provider registered for you; otherwise Keyport registers itself."
        onChange={(event) => props.onClientId(event.target.value)}
      />
      {props.clientId !== '' && (
        <SecretInput
          label="Client secret (optional)"
          value={props.clientSecret}
          onChange={props.onClientSecret}
          hint="Stored in your OS keychain."
        />
      )}
    </>
  );
}
