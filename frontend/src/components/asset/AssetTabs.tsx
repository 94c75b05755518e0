/** The asset page's tab bar: ARIA tabs, arrow keys / Home / End move between them. */
import { type KeyboardEvent, useRef } from "react";

export interface TabSpec<T extends string> {
  id: T;
  label: string;
  /** A count shown beside the label (checks, events). */
  count?: number | null;
}

export function tabId(id: string): string {
  return `asset-tab-${id}`;
}

export function panelId(id: string): string {
  return `asset-panel-${id}`;
}

export function AssetTabs<T extends string>({
  tabs,
  active,
  onSelect,
}: {
  tabs: readonly TabSpec<T>[];
  active: T;
  onSelect: (id: T) => void;
}) {
  const refs = useRef(new Map<string, HTMLButtonElement>());
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.findIndex((t) => t.id === active);
    let next = -1;
    if (event.key === "ArrowRight") next = (index + 1) % tabs.length;
    else if (event.key === "ArrowLeft") next = (index - 1 + tabs.length) % tabs.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = tabs.length - 1;
    const target = tabs[next];
    if (!target) return;
    event.preventDefault();
    onSelect(target.id);
    refs.current.get(target.id)?.focus();
  };
  return (
    <div className="asset-tabs" role="tablist" aria-label="Asset sections" onKeyDown={onKeyDown}>
      {tabs.map((tab) => {
        const selected = tab.id === active;
        return (
          <button
            key={tab.id}
            ref={(node) => {
              if (node) refs.current.set(tab.id, node);
              else refs.current.delete(tab.id);
            }}
            type="button"
            role="tab"
            id={tabId(tab.id)}
            aria-selected={selected}
            aria-controls={panelId(tab.id)}
            tabIndex={selected ? 0 : -1}
            className={selected ? "asset-tab active" : "asset-tab"}
            onClick={() => onSelect(tab.id)}
          >
            {tab.label}
            {tab.count != null && <span className="asset-tab-count">{tab.count}</span>}
          </button>
        );
      })}
    </div>
  );
}
