import { useState, type FormEvent } from 'react';
import type { SettingsDto } from '../../../src/contract/dto.js';
import type { ErrorInfo } from '../../../src/contract/errors.js';
import { useApi } from '../api-context.js';
import { ErrorMessage } from '../components/error-message.js';
import { NumberField } from '../components/number-field.js';
import { numberOrNull, pairFrom, pairOf, type Pair } from '../settings/number-list.js';

const MIB = 1024 * 1024;

/** Two warning thresholds ("First … / Second …"), each a number with its unit; empty turns one off. */
function WarningPair(props: {
  readonly label: string;
  readonly unit: string;
  readonly max?: number;
  readonly value: Pair;
  readonly onChange: (pair: Pair) => void;
}) {
  const [first, second] = props.value;
  return (
    <div className="row">
      {(['First', 'Second'] as const).map((which, index) => (
        <NumberField
          key={which}
          label={`${which} ${props.label}`}
          unit={props.unit}
          min={1}
          max={props.max}
          value={index === 0 ? first : second}
          onChange={(value) => props.onChange(index === 0 ? [value, second] : [first, value])}
        />
      ))}
    </div>
  );
}

/** Every setting, numbers as number inputs with their units. */
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
  const [expiry, setExpiry] = useState(pairOf(initial.notifyExpiryDays));
  const [quotaAt, setQuotaAt] = useState(pairOf([...initial.notifyQuotaPercents].sort((a, b) => a - b)));
  const [checkHours, setCheckHours] = useState(String(initial.checkIntervalHours));
  const [cadenceDays, setCadenceDays] = useState(String(initial.rotationCadenceDays));
  const [bodyMiB, setBodyMiB] = useState(String(Math.round((initial.maxBodyBytes / MIB) * 100) / 100));
  const [countedCalls, setCountedCalls] = useState(initial.countedCalls);
  const [hardStop, setHardStop] = useState(initial.hardStopAtQuota);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [saved, setSaved] = useState(false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const body = numberOrNull(bodyMiB);
    const result = await api['settings:update']({
      port: numberOrNull(port),
      startAtLogin,
      notifyExpiryDays: pairFrom(expiry),
      notifyQuotaPercents: pairFrom(quotaAt).filter((value) => value <= 100),
      countedCalls,
      hardStopAtQuota: hardStop,
      ...(numberOrNull(checkHours) !== null ? { checkIntervalHours: Number(checkHours) } : {}),
      ...(numberOrNull(cadenceDays) !== null ? { rotationCadenceDays: Number(cadenceDays) } : {}),
      ...(body !== null ? { maxBodyBytes: Math.round(body * MIB) } : {}),
    });
    setError(result.ok ? null : result.error);
    if (result.ok) {
      setSaved(true);
      onSaved(result.value);
    }
  };

  return (
    <form className="form settings" onSubmit={(event) => void save(event)}>
      <fieldset>
        <legend>Proxy</legend>
        <NumberField
          label="Proxy port"
          min={1}
          max={65535}
          placeholder="8931"
          value={port}
          hint="Empty for the default, 8931. Clients' local URLs include the port: changing it means reconnecting them."
          onChange={setPort}
        />
        <NumberField
          label="Largest request body"
          unit="MiB"
          min={0.5}
          step={0.5}
          value={bodyMiB}
          hint="Bigger requests are refused (HTTP 413)."
          onChange={setBodyMiB}
        />
        <label className="check">
          <input type="checkbox" checked={startAtLogin} onChange={(event) => setStartAtLogin(event.target.checked)} />
          Start Keyport at login
        </label>
      </fieldset>
      <fieldset>
        <legend>Checks and rotation</legend>
        <NumberField
          label="Check every token every"
          unit="hours"
          min={0.25}
          step={0.25}
          value={checkHours}
          hint="An MCP initialize with each token: no tool call, no quota spent."
          onChange={setCheckHours}
        />
        <NumberField
          label="Rotation is due after"
          unit="days"
          min={1}
          value={cadenceDays}
          hint="A token older than this is flagged “Rotation due”."
          onChange={setCadenceDays}
        />
      </fieldset>
      <fieldset>
        <legend>Warnings</legend>
        <WarningPair label="warning before expiry" unit="days" value={expiry} onChange={setExpiry} />
        <WarningPair label="quota warning at" unit="% used" max={100} value={quotaAt} onChange={setQuotaAt} />
        <p className="muted small">
          Leave a warning empty to turn it off. The list, the tray and notifications use them.
        </p>
      </fieldset>
      <fieldset>
        <legend>Quotas</legend>
        <div role="radiogroup" aria-label="What counts as a call" className="row">
          <span>What counts as a call:</span>
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
            <input
              type="radio"
              name="counted"
              checked={countedCalls === 'all'}
              onChange={() => setCountedCalls('all')}
            />
            Every request
          </label>
        </div>
        <label className="check">
          <input type="checkbox" checked={hardStop} onChange={(event) => setHardStop(event.target.checked)} />
          Refuse calls once a quota is used up (instead of only warning)
        </label>
      </fieldset>
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
