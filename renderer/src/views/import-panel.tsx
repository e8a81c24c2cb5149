import { useEffect, useRef, useState } from 'react';
import { clientLabel } from '../../../src/clients/client-table.js';
import type { ImportCandidate } from '../../../src/contract/dto.js';
import type { ErrorInfo } from '../../../src/contract/errors.js';
import { useApi } from '../api-context.js';
import { ErrorMessage } from '../components/error-message.js';

const keyOf = (candidate: ImportCandidate) => `${candidate.client}:${candidate.entry}`;

/**
 * Tokens pasted in plain text into client configs: move them into the keychain and point the client
 * at Keyport. Opened from the warning, so every token found is chosen and focus starts here.
 */
export function ImportPanel(props: {
  readonly candidates: readonly ImportCandidate[];
  readonly onImported: () => void;
  readonly onClose: () => void;
}) {
  const api = useApi();
  const list = props.candidates;
  const [names, setNames] = useState<Readonly<Record<string, string>>>({});
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(list.map(keyOf)));
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [imported, setImported] = useState<readonly string[]>([]);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const runImport = async () => {
    const entries = list
      .filter((candidate) => chosen.has(keyOf(candidate)))
      .map((candidate) => ({
        client: candidate.client,
        entry: candidate.entry,
        name: names[keyOf(candidate)] ?? candidate.suggestedName,
      }));
    const result = await api['clients:import']({ entries });
    setError(result.ok ? null : result.error);
    if (result.ok) {
      setImported(result.value.map((token) => token.name));
      setChosen(new Set());
      props.onImported();
    }
  };

  return (
    <section className="panel import-panel" aria-labelledby="import-title">
      <header className="row">
        <h2 id="import-title" ref={heading} tabIndex={-1}>
          Import tokens found in client configs
        </h2>
        <button type="button" className="link push-right" onClick={props.onClose}>
          Close
        </button>
      </header>
      {list.length === 0 ? (
        imported.length === 0 && <p className="muted">No client config holds a plaintext token. Nothing to import.</p>
      ) : (
        <ul className="plain import-list">
          {list.map((candidate) => {
            const key = keyOf(candidate);
            const nameId = `import-name-${key.replace(/[^a-z0-9-]/gi, '-')}`;
            return (
              <li key={key} className="import-item">
                <label className="check">
                  <input
                    type="checkbox"
                    checked={chosen.has(key)}
                    onChange={(event) => {
                      const next = new Set(chosen);
                      if (event.target.checked) next.add(key);
                      else next.delete(key);
                      setChosen(next);
                    }}
                  />
                  {clientLabel(candidate.client)} · {candidate.entry} · <code>{candidate.masked}</code> (
                  {candidate.provider})
                </label>
                <span className="import-name">
                  <label htmlFor={nameId}>Save as</label>
                  <input
                    id={nameId}
                    value={names[key] ?? candidate.suggestedName}
                    onChange={(event) => setNames({ ...names, [key]: event.target.value })}
                  />
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {list.length > 0 && (
        <div className="row">
          <button type="button" className="primary" disabled={chosen.size === 0} onClick={() => void runImport()}>
            Import selected
          </button>
          <span className="muted small">
            Each token moves into the keychain; its config entry then goes through Keyport.
          </span>
        </div>
      )}
      {imported.length > 0 && (
        <p role="status" className="success">
          Imported {imported.join(', ')} into the keychain.
        </p>
      )}
      {error && <ErrorMessage error={error} />}
    </section>
  );
}
