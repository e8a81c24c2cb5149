import { useRef, type KeyboardEvent } from 'react';

export interface Tab<Id extends string> {
  readonly id: Id;
  readonly label: string;
}

/**
 * Tabs as WAI-ARIA describes them: one tab stop (the selected tab), arrow keys, Home and End move
 * between tabs and select them; each tab controls the panel `<idPrefix>-<id>-panel`.
 */
export function TabList<Id extends string>(props: {
  readonly label: string;
  readonly idPrefix: string;
  readonly tabs: readonly Tab<Id>[];
  readonly selected: Id;
  readonly onSelect: (id: Id) => void;
}) {
  const refs = useRef(new Map<Id, HTMLButtonElement>());
  const move = (event: KeyboardEvent, index: number) => {
    const last = props.tabs.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? (index + 1) % props.tabs.length
        : event.key === 'ArrowLeft'
          ? (index + last) % props.tabs.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : undefined;
    if (next === undefined) return;
    event.preventDefault();
    const tab = props.tabs[next]!;
    props.onSelect(tab.id);
    refs.current.get(tab.id)?.focus();
  };
  return (
    <div role="tablist" aria-label={props.label} className="tabs">
      {props.tabs.map((tab, index) => (
        <button
          key={tab.id}
          ref={(element) => {
            if (element) refs.current.set(tab.id, element);
          }}
          type="button"
          role="tab"
          id={`${props.idPrefix}-${tab.id}-tab`}
          aria-selected={tab.id === props.selected}
          aria-controls={`${props.idPrefix}-${tab.id}-panel`}
          tabIndex={tab.id === props.selected ? 0 : -1}
          onClick={() => props.onSelect(tab.id)}
          onKeyDown={(event) => move(event, index)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
