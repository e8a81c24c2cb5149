import { useState, type FormEvent } from 'react';
import type { SettingsDto } from '../../../src/contract/dto.js';
import type { ErrorInfo } from '../../../src/contract/errors.js';
import { useApi } from '../api-context.js';
import { ErrorMessage } from '../components/error-message.js';
import { TextField } from '../components/text-field.js';
import { formatNumberList, parseNumberList } from '../settings/number-list.js';

export function SettingsForm({
  initial,
  onSaved,
}: {
  readonly initial: SettingsDto;
  readonly onSaved: (s: SettingsDto) => void;
}) {
  const api = useApi();
  const [port, setPort] = useState(initial.port === null ? '' : String(initial.port));
  const [startAtLogin, setStartAtLogin] = useState(initial.startAtLogin);
  const [expiryDays, setExpiryDays] = useState(formatNumberList(initial.notifyExpiryDays));
  const [quotaPercents, setQuotaPercents] = useState(formatNumberList(initial.notifyQuotaPercents));
  const [countedCalls, setCountedCalls] = useState(initial.countedCalls);
  const [hardStop, setHardStop] = useState(initial.hardStopAtQuota);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [saved, setSaved] = useState(false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const result = await api['settings:update']({
      port: port === '' ? null : Number(port),
      startAtLogin,
      notifyExpiryDays: parseNumberList(expiryDays),
      notifyQuotaPercents: parseNumberList(quotaPercents).filter((value) => value <= 100),
      countedCalls,
      hardStopAtQuota: hardStop,
    });
    setError(result.ok ? null : result.error);
    if (result.ok) {
      setSaved(true);
      onSaved(result.value);
    }
  };

  return (
    <form className="form" onSubmit={(event) => void save(event)}>
      <TextField
        label="Proxy port"
        type="number"
        min={1}
        max={65535}
        placeholder="8931 (default)"
        value={port}
        hint="Clients' local URLs include the port: changing it means reconnecting them."
        onChange={(event) => setPort(event.target.value)}
      />
      <label className="check">
        <input type="checkbox" checked={startAtLogin} onChange={(event) => setStartAtLogin(event.target.checked)} />
        Start Keyport at login
      </label>
      <TextField
        label="Warn this many days before a token expires"
        value={expiryDays}
        hint="Comma-separated, e.g. 7, 1"
        onChange={(event) => setExpiryDays(event.target.value)}
      />
      <TextField
        label="Warn at these percentages of a quota"
        value={quotaPercents}
        hint="Comma-separated, e.g. 80, 100"
        onChange={(event) => setQuotaPercents(event.target.value)}
      />
      <fieldset>
        <legend>What counts as a call</legend>
        <label className="check">
          <input
            type="radio"
            name="counted"
            checked={countedCalls === 'tools/call'}
            onChange={() => setCountedCalls('tools/call')}
          />
          Tool calls only (<code>tools/call</code>)
        </label>
        <label className="check">
          <input type="radio" name="counted" checked={countedCalls === 'all'} onChange={() => setCountedCalls('all')} />
          Every request
        </label>
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={hardStop} onChange={(event) => setHardStop(event.target.checked)} />
        Refuse calls once a quota is used up (instead of only warning)
      </label>
      <div className="row">
        <button type="submit" className="primary">
          Save settings
        </button>
        {saved && (
          <span role="status" className="success">
            Saved
          </span>
        )}
      </div>
      {error && <ErrorMessage error={error} />}
    </form>
  );
}
