import { useId } from 'react';

/** A number input with its unit written next to it ("6 hours"); the unit is part of its description. */
export function NumberField(props: {
  readonly label: string;
  /** Omitted for a plain number (a port). */
  readonly unit?: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
  readonly placeholder?: string;
  readonly hint?: string;
}) {
  const id = useId();
  const described = [props.unit ? `${id}-unit` : null, props.hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <div className="number-with-unit">
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={props.min}
          max={props.max}
          step={props.step}
          placeholder={props.placeholder}
          value={props.value}
          aria-describedby={described || undefined}
          onChange={(event) => props.onChange(event.target.value)}
        />
        {props.unit && (
          <span id={`${id}-unit`} className="unit">
            {props.unit}
          </span>
        )}
      </div>
      {props.hint && (
        <span id={`${id}-hint`} className="muted small">
          {props.hint}
        </span>
      )}
    </div>
  );
}
