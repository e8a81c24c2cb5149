import { clientLabel } from '../../../src/clients/client-table.js';
import type { ImportCandidate } from '../../../src/contract/dto.js';

function where(candidates: readonly ImportCandidate[]): string {
  const first = candidates[0];
  if (first === undefined) return '';
  const label = `${clientLabel(first.client)}'s config holds “${first.entry}” (${first.masked})`;
  return candidates.length === 1 ? label : `${label} and ${candidates.length - 1} more`;
}

/** A plaintext token in a client config: say where, and make moving it into the keychain the main action. */
export function ImportWarning(props: {
  readonly candidates: readonly ImportCandidate[];
  readonly onImport: () => void;
  readonly expanded?: boolean;
}) {
  if (props.candidates.length === 0) return null;
  const count = props.candidates.length;
  return (
    <div className="banner banner-warning banner-action" role="region" aria-label="Plaintext tokens found">
      <p>
        <strong>{count === 1 ? 'Plaintext token found:' : `${count} plaintext tokens found:`}</strong>{' '}
        {where(props.candidates)}. Move {count === 1 ? 'it' : 'them'} into the keychain; the client keeps working.
      </p>
      <button type="button" className="primary" aria-expanded={props.expanded} onClick={props.onImport}>
        Import
      </button>
    </div>
  );
}
