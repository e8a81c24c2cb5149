import { useEffect, useId, useRef } from 'react';

/**
 * A password field for a token: never echoed, not autocompleted, not spell-checked (spell-check
 * would send it to a dictionary service). Deliberately uncontrolled: React mirrors a controlled
 * input's value into its `value` attribute, which would put the secret into the DOM's HTML.
 * The parent holds the value and clears it after submit (`value === ''` empties the field).
 */
export function SecretInput(props: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly hint?: string;
  /** Take focus when shown (a panel that opens for this field). */
  readonly autoFocus?: boolean;
  readonly error?: string | null;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (props.value === '' && input.current && input.current.value !== '') input.current.value = '';
  }, [props.value]);
  const focusOnShow = props.autoFocus === true;
  useEffect(() => {
    if (focusOnShow) input.current?.focus();
  }, [focusOnShow]);
  const described = [props.hint ? `${id}-hint` : null, props.error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        ref={input}
        id={id}
        type="password"
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => props.onChange(event.target.value.trim())}
        aria-describedby={described || undefined}
        aria-invalid={props.error ? true : undefined}
      />
      {props.hint && (
        <span id={`${id}-hint`} className="muted small">
          {props.hint}
        </span>
      )}
      {props.error && (
        <span id={`${id}-error`} className="field-error small">
          {props.error}
        </span>
      )}
    </div>
  );
}
