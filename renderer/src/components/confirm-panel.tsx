import { useEffect, useRef, type ReactNode } from 'react';

/** An inline confirmation (role=alertdialog) that takes focus, with the safe choice first. Escape cancels. */
export function ConfirmPanel(props: {
  readonly title: string;
  readonly children: ReactNode;
  readonly confirmLabel: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}) {
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div
      role="alertdialog"
      aria-label={props.title}
      className="panel confirm"
      onKeyDown={(event) => {
        if (event.key === 'Escape') props.onCancel();
      }}
    >
      <h3>{props.title}</h3>
      {props.children}
      <div className="row">
        <button ref={cancel} type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={props.onConfirm}>
          {props.confirmLabel}
        </button>
      </div>
    </div>
  );
}
