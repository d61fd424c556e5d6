"use client";

import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";

/**
 * Tabs as the WAI-ARIA pattern has them (automatic activation): arrow keys, Home and End move between
 * tabs and show each; only the selected tab is in the tab order and only its panel is rendered.
 * Written out rather than taken from a component library: it sits on the plan page's first load.
 */
export function Tabs({
  label,
  items,
  defaultValue,
}: {
  label: string;
  items: readonly { value: string; label: string; panel: () => ReactNode }[];
  defaultValue: string;
}) {
  const id = useId();
  const [selected, setSelected] = useState(defaultValue);
  const refs = useRef(new Map<string, HTMLButtonElement>());
  const select = (index: number) => {
    const item = items[(index + items.length) % items.length];
    if (!item) return;
    setSelected(item.value);
    refs.current.get(item.value)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: items.length - 1 };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    select(next);
  };
  const current = items.find((i) => i.value === selected) ?? items[0];
  return (
    <div className="tabs">
      <div role="tablist" aria-label={label} aria-orientation="horizontal" className="tab-list">
        {items.map((item, index) => {
          const active = item.value === current?.value;
          return (
            <button
              key={item.value}
              ref={(el) => {
                if (el) refs.current.set(item.value, el);
                else refs.current.delete(item.value);
              }}
              type="button"
              role="tab"
              id={`${id}-tab-${item.value}`}
              aria-selected={active}
              aria-controls={`${id}-panel-${item.value}`}
              tabIndex={active ? 0 : -1}
              data-state={active ? "active" : "inactive"}
              className="tab"
              onClick={() => setSelected(item.value)}
              onKeyDown={(e) => onKeyDown(e, index)}
            >
              {item.label}
            </button>
          );
        })}
      </div>
      {current ? (
        <div role="tabpanel" id={`${id}-panel-${current.value}`} aria-labelledby={`${id}-tab-${current.value}`} tabIndex={0} data-state="active" className="tab-panel">
          {current.panel()}
        </div>
      ) : null}
    </div>
  );
}
