/**
 * A switch for one tool in one scope: a native checkbox in the switch role (Space toggles it,
 * its state is announced), its name saying what it allows; "Allowed"/"Denied" next to it for the
 * eye only (the state is already announced).
 */
export function ToolSwitch(props: {
  readonly label: string;
  readonly allowed: boolean;
  readonly disabled: boolean;
  readonly onChange: (allowed: boolean) => void;
}) {
  return (
    <label className="tool-switch">
      <input
        type="checkbox"
        role="switch"
        aria-label={props.label}
        checked={props.allowed}
        disabled={props.disabled}
        onChange={(event) => props.onChange(event.target.checked)}
      />
      <span aria-hidden="true" className={props.allowed ? 'tone-ok' : 'tone-danger'}>
        {props.allowed ? 'Allowed' : 'Denied'}
      </span>
    </label>
  );
}
