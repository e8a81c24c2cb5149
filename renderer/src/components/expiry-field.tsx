import { useId, useState } from 'react';

const PRESETS = [
  ['7d', '7 days'],
  ['30d', '30 days'],
  ['90d', '90 days'],
  ['1y', '1 year'],
  ['never', 'Never'],
] as const;

/**
 * Expiry presets providers offer (7/30/90 days, 1 year, never) or an exact date.
 * `value` is an ExpiryInput (`30d`, `never`, `YYYY-MM-DD`) or '' for "keep the current one".
 */
export function ExpiryField(props: {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly keepLabel?: string;
}) {
  const id = useId();
  const isDate = /^\d{4}-\d{2}-\d{2}$/.test(props.value);
  const [choosingDate, setChoosingDate] = useState(isDate);
  const selected = choosingDate || isDate ? 'date' : props.value;
  return (
    <div className="field">
      <label htmlFor={id}>Expiry</label>
      <div className="row">
        <select
          id={id}
          value={selected}
          onChange={(event) => {
            const next = event.target.value;
            setChoosingDate(next === 'date');
            if (next !== 'date') props.onChange(next);
          }}
        >
          {props.keepLabel !== undefined && <option value="">{props.keepLabel}</option>}
          {PRESETS.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
          <option value="date">Exact date…</option>
        </select>
        {selected === 'date' && (
          <input
            type="date"
            aria-label="Expiry date"
            value={isDate ? props.value : ''}
            onChange={(event) => props.onChange(event.target.value)}
          />
        )}
      </div>
    </div>
  );
}
