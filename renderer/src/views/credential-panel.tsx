import { useState, type FormEvent } from 'react';
import type { HeaderTemplateDto, TokenSummary } from '../../../src/contract/dto.js';
import { ErrorMessage } from '../components/error-message.js';
import { SavedStatus } from '../components/saved-status.js';
import { TextField } from '../components/text-field.js';
import { useUpdateToken } from '../hooks/use-update-token.js';
import { CommandFields } from './credential-kind-fields.js';

/** `Name: template` lines into templates (the core checks them); blank lines are skipped. */
export function parseHeaderLines(text: string): HeaderTemplateDto[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const colon = line.indexOf(':');
      return colon < 0
        ? { name: line, template: '' }
        : { name: line.slice(0, colon).trim(), template: line.slice(colon + 1).trim() };
    });
}

const headerLines = (headers: readonly HeaderTemplateDto[]) =>
  headers.map((header) => `${header.name}: ${header.template}`).join('\n');

/**
 * Where the secret goes (header templates, a query parameter) and, for a command connection, the
 * command and how long its token is used. OAuth connections always send a bearer token.
 */
export function CredentialPanel({ token }: { readonly token: TokenSummary }) {
  const { update, error, saved } = useUpdateToken();
  const [headers, setHeaders] = useState(headerLines(token.headers));
  const [queryParam, setQueryParam] = useState(token.queryParam ?? '');
  const [command, setCommand] = useState(token.tokenCommand?.line ?? '');
  const [ttl, setTtl] = useState(String(token.tokenCommand?.ttlSeconds ?? 300));
  if (token.kind === 'oauth') return null;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    await update({
      name: token.name,
      headers: headers.trim() === '' ? null : parseHeaderLines(headers),
      queryParam: queryParam.trim() === '' ? null : queryParam.trim(),
      ...(token.tokenCommand ? { tokenCommand: command, tokenTtlSeconds: Number(ttl) } : {}),
    });
  };

  return (
    <section className="panel" aria-labelledby="credential-title">
      <h2 id="credential-title">How the token is sent</h2>
      <form className="form" onSubmit={(event) => void save(event)}>
        {token.tokenCommand && <CommandFields command={command} ttl={ttl} onCommand={setCommand} onTtl={setTtl} />}
        <div className="field">
          <label htmlFor={`headers-${token.name}`}>Headers (one per line, {'{token}'} marks the token)</label>
          <textarea
            id={`headers-${token.name}`}
            rows={3}
            spellCheck={false}
            value={headers}
            placeholder="Authorization: Bearer {token}"
            onChange={(event) => setHeaders(event.target.value)}
          />
        </div>
        <TextField
          label="Query parameter (optional; URLs are often logged)"
          value={queryParam}
          onChange={(event) => setQueryParam(event.target.value)}
        />
        <div className="row">
          <button type="submit">Save how it is sent</button>
          <SavedStatus saved={saved} />
        </div>
      </form>
      {error && <ErrorMessage error={error} />}
    </section>
  );
}
