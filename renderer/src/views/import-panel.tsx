import { useCallback, useState } from 'react';
import type { ImportCandidate } from '../../../src/contract/dto.js';
import type { ErrorInfo } from '../../../src/contract/errors.js';
import { useApi } from '../api-context.js';
import { ErrorMessage } from '../components/error-message.js';
import { useResult } from '../hooks/use-result.js';

const keyOf = (candidate: ImportCandidate) => `${candidate.client}:${candidate.entry}`;

/** Tokens pasted in plain text into client configs: move them into the keychain and point the client at Keyport. */
export function ImportPanel({ onImported }: { readonly onImported: () => void }) {
  const api = useApi();
  const scan = useCallback(() => api['clients:import-scan'](), [api]);
  const candidates = useResult(scan);
  const [names, setNames] = useState<Readonly<Record<string, string>>>({});
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [imported, setImported] = useState<readonly string[]>([]);

  if (candidates.state === 'loading') return null;
  if (candidates.state === 'error') return <ErrorMessage error={candidates.error} />;
  const list = candidates.value;

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
      await candidates.reload();
      onImported();
    }
  };

  return (
    <section className="panel" aria-labelledby="import-title">
      <h2 id="import-title">Import hardcoded tokens</h2>
      {list.length === 0 ? (
        <p className="muted">No client config holds a plaintext token. Nothing to import.</p>
      ) : (
        <ul className="plain">
          {list.map((candidate) => {
            const key = keyOf(candidate);
            return (
              <li key={key} className="row">
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
                  {candidate.client} · {candidate.entry} · <code>{candidate.masked}</code> ({candidate.provider})
                </label>
                <input
                  aria-label={`Name for ${candidate.entry}`}
                  value={names[key] ?? candidate.suggestedName}
                  onChange={(event) => setNames({ ...names, [key]: event.target.value })}
                />
              </li>
            );
          })}
        </ul>
      )}
      {list.length > 0 && (
        <button type="button" disabled={chosen.size === 0} onClick={() => void runImport()}>
          Import selected
        </button>
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
