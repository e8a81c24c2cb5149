import { useId, type InputHTMLAttributes } from 'react';

/** A labelled input with an optional hint and a live validation message; extra props go to the <input>. */
export function TextField({
  label,
  hint,
  error,
  ...input
}: {
  readonly label: string;
  readonly hint?: string;
  /** What is wrong with the value now, shown under the field and announced with it. */
  readonly error?: string | null;
} & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-describedby={described || undefined} aria-invalid={error ? true : undefined} {...input} />
      {hint && (
        <span id={`${id}-hint`} className="muted small">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="field-error small">
          {error}
        </span>
      )}
    </div>
  );
}
