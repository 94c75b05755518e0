/** The graph's search box: type part of a key, pick a match (arrows + Enter, or click) to zoom to it. */
import "./controls.css";
import { useId, useMemo, useState } from "react";
import { type GraphModel, searchAssets } from "./model";

export function AssetSearch({ model, onChoose }: { model: GraphModel; onChoose: (key: string) => void }) {
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const id = useId();
  const matches = useMemo(() => searchAssets(model, query, 8), [model, query]);
  const expanded = open && query.trim() !== "";

  const choose = (key: string) => {
    onChoose(key);
    setQuery(key);
    setOpen(false);
  };

  return (
    <div className="lineage-search">
      <input
        className="input"
        type="search"
        role="combobox"
        aria-label="Search assets"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={`${id}-list`}
        aria-activedescendant={expanded && matches[active] ? `${id}-${active}` : undefined}
        placeholder="Search assets…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setOpen(true);
            setActive((i) => Math.min(i + 1, matches.length - 1));
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setActive((i) => Math.max(i - 1, 0));
          } else if (e.key === "Enter") {
            const match = matches[active] ?? matches[0];
            if (match) {
              e.preventDefault();
              choose(match.key);
            }
          } else if (e.key === "Escape") {
            setOpen(false);
          }
        }}
      />
      {expanded && (
        <ul className="lineage-search-list" id={`${id}-list`} role="listbox" aria-label="Matching assets">
          {matches.length === 0 && <li className="lineage-search-empty muted">No asset matches.</li>}
          {matches.map((asset, i) => (
            <li
              key={asset.key}
              id={`${id}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? "is-active" : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(asset.key);
              }}
              onMouseEnter={() => setActive(i)}
            >
              <span className={`lineage-dot lineage-status-${asset.status}`} aria-hidden="true" />
              <span className="mono">{asset.key}</span>
              <span className="muted lineage-search-group">{asset.group}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
