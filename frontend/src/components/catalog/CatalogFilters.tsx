/**
 * The catalog's filter bar: a debounced search box, one menu per facet (values from the data, each
 * with the number of assets it matches), and chips for the active filters.
 */
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import {
  FACET_LABELS,
  FACETS,
  type Facet,
  type FacetOption,
  type FacetSelection,
  facetValueLabel,
} from "./catalogModel";

export const SEARCH_DEBOUNCE_MS = 150;

/** A search box that reports its text after typing pauses (at once on Enter); Esc clears it. */
export function SearchBox({ value, onChange }: { value: string; onChange: (q: string) => void }) {
  const [text, setText] = useState(value);
  const reported = useRef(value);
  // The URL changed under us (a chip cleared, back button): show it.
  useEffect(() => {
    if (value !== reported.current) {
      reported.current = value;
      setText(value);
    }
  }, [value]);
  useEffect(() => {
    if (text === reported.current) return;
    const timer = window.setTimeout(() => {
      reported.current = text;
      onChange(text);
    }, SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text, onChange]);
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") {
      reported.current = text;
      onChange(text);
    } else if (event.key === "Escape" && text) {
      event.preventDefault();
      setText("");
    }
  };
  return (
    <div className="catalog-search">
      <span aria-hidden="true" className="catalog-search-icon">
        ⌕
      </span>
      <input
        type="search"
        className="input"
        aria-label="Search assets by key or description"
        placeholder="Search by key or description…"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        spellCheck={false}
        autoComplete="off"
      />
    </div>
  );
}

const FILTERABLE_AT = 8;

/** One facet's menu: a button showing how many values are chosen, a popover of checkboxes. */
export function FacetMenu({
  facet,
  options,
  selected,
  onChange,
}: {
  facet: Facet;
  options: readonly FacetOption[];
  selected: readonly string[];
  onChange: (values: string[]) => void;
}) {
  const [open, setOpen] = useState(false);
  const [find, setFind] = useState("");
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const popoverId = useId();
  const label = FACET_LABELS[facet];

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (event.target instanceof Node && !rootRef.current?.contains(event.target)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open]);

  useEffect(() => {
    if (open) rootRef.current?.querySelector<HTMLInputElement>(".catalog-facet-popover input")?.focus();
    else setFind("");
  }, [open]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  const toggle = (value: string) =>
    onChange(selected.includes(value) ? selected.filter((each) => each !== value) : [...selected, value]);

  const needle = find.trim().toLowerCase();
  const shown = needle ? options.filter((option) => option.label.toLowerCase().includes(needle)) : options;

  return (
    <div
      className="catalog-facet"
      ref={rootRef}
      onKeyDown={(event) => {
        if (event.key === "Escape" && open) {
          event.preventDefault();
          event.stopPropagation();
          close();
        }
      }}
      onBlur={(event) => {
        if (open && event.relatedTarget instanceof Node && !rootRef.current?.contains(event.relatedTarget)) setOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className={selected.length ? "btn catalog-facet-button is-active" : "btn catalog-facet-button"}
        aria-label={`${label} filter${selected.length ? `, ${selected.length} chosen` : ""}`}
        aria-expanded={open}
        aria-controls={open ? popoverId : undefined}
        onClick={() => setOpen((was) => !was)}
        disabled={options.length === 0}
      >
        {label}
        {selected.length > 0 && <span className="catalog-facet-count">{selected.length}</span>}
        <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="catalog-facet-popover card" id={popoverId} role="group" aria-label={`${label} values`}>
          {options.length >= FILTERABLE_AT && (
            <input
              type="search"
              className="input catalog-facet-find"
              aria-label={`Find a ${label.toLowerCase()}`}
              placeholder={`Find a ${label.toLowerCase()}…`}
              value={find}
              onChange={(event) => setFind(event.target.value)}
            />
          )}
          <ul className="catalog-facet-options">
            {shown.map((option) => (
              <li key={option.value}>
                <label className={option.count === 0 ? "catalog-facet-option is-empty" : "catalog-facet-option"}>
                  <input type="checkbox" checked={selected.includes(option.value)} onChange={() => toggle(option.value)} />
                  <span className="catalog-ellipsis" title={option.label}>
                    {option.label}
                  </span>
                  <span className="catalog-facet-option-count">{option.count.toLocaleString()}</span>
                </label>
              </li>
            ))}
            {shown.length === 0 && <li className="muted catalog-facet-none">No {label.toLowerCase()} matches.</li>}
          </ul>
          {selected.length > 0 && (
            <button type="button" className="btn btn-sm catalog-facet-clear" onClick={() => onChange([])}>
              Clear {label.toLowerCase()}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/** The active filters as removable chips, and "Clear all". */
export function FilterChips({
  q,
  facets,
  onRemove,
  onClearSearch,
  onClearAll,
}: {
  q: string;
  facets: FacetSelection;
  onRemove: (facet: Facet, value: string) => void;
  onClearSearch: () => void;
  onClearAll: () => void;
}) {
  const chips = FACETS.flatMap((facet) => facets[facet].map((value) => ({ facet, value })));
  if (!q.trim() && chips.length === 0) return null;
  return (
    <ul className="catalog-chips" aria-label="Active filters">
      {q.trim() && (
        <li className="catalog-chip">
          <span>
            Search: <strong>{q.trim()}</strong>
          </span>
          <button type="button" aria-label={`Remove the search “${q.trim()}”`} onClick={onClearSearch}>
            ×
          </button>
        </li>
      )}
      {chips.map(({ facet, value }) => {
        const text = `${FACET_LABELS[facet]}: ${facetValueLabel(facet, value)}`;
        return (
          <li className="catalog-chip" key={`${facet}\u0000${value}`}>
            <span>
              {FACET_LABELS[facet]}: <strong>{facetValueLabel(facet, value)}</strong>
            </span>
            <button type="button" aria-label={`Remove the filter ${text}`} onClick={() => onRemove(facet, value)}>
              ×
            </button>
          </li>
        );
      })}
      <li>
        <button type="button" className="btn btn-sm" onClick={onClearAll}>
          Clear all
        </button>
      </li>
    </ul>
  );
}
