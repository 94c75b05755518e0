/** The runs list's filter bar: statuses, job, asset, tags and created range; the page keeps them in the URL. */
import { useEffect, useState } from "react";
import { RUN_STATUSES, type RunStatus, type RunsFilter, hasFilters, toLocalInput } from "@/api/runs/filters";
import "./runs.css";

export interface RunsFiltersProps {
  filter: RunsFilter;
  onChange: (filter: RunsFilter) => void;
  jobs: readonly string[];
  /** The server filters by free text (`q`). */
  textSearch?: boolean;
}

const STATUS_LABEL: Record<RunStatus, string> = {
  QUEUED: "Queued",
  STARTING: "Starting",
  STARTED: "Started",
  CANCELING: "Canceling",
  SUCCESS: "Success",
  FAILURE: "Failure",
  CANCELED: "Canceled",
};

/** A text input applied on Enter, on blur, or after a pause in typing. */
function DraftInput({
  value,
  onCommit,
  label,
  placeholder,
  className,
}: {
  value: string;
  onCommit: (value: string) => void;
  label: string;
  placeholder: string;
  className?: string;
}) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value) return;
    const timer = setTimeout(() => onCommit(draft.trim()), 500);
    return () => clearTimeout(timer);
  }, [draft, value, onCommit]);
  return (
    <label className={className}>
      <span className="sr-only">{label}</span>
      <input
        className="input"
        type="search"
        aria-label={label}
        placeholder={placeholder}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => draft.trim() !== value && onCommit(draft.trim())}
        onKeyDown={(e) => {
          if (e.key === "Enter") onCommit(draft.trim());
          if (e.key === "Escape") {
            setDraft("");
            onCommit("");
          }
        }}
      />
    </label>
  );
}

export function RunsFilters({ filter, onChange, jobs, textSearch }: RunsFiltersProps) {
  const [tagDraft, setTagDraft] = useState("");
  const [tagError, setTagError] = useState("");
  const set = (patch: Partial<RunsFilter>) => onChange({ ...filter, ...patch, page: 1 });

  const toggleStatus = (status: RunStatus) => {
    const statuses = filter.statuses.includes(status)
      ? filter.statuses.filter((s) => s !== status)
      : RUN_STATUSES.filter((s) => s === status || filter.statuses.includes(s));
    set({ statuses });
  };

  const addTag = () => {
    const tag = tagDraft.trim();
    if (!tag) return;
    if (!/^[^=]+=.*$/.test(tag)) {
      setTagError("A tag filter is key=value");
      return;
    }
    setTagError("");
    setTagDraft("");
    if (!filter.tags.includes(tag)) set({ tags: [...filter.tags, tag] });
  };

  const since = (hours: number) => set({ createdAfter: toLocalInput(new Date(Date.now() - hours * 3_600_000)), createdBefore: "" });

  return (
    <div className="runs-filters card" role="search" aria-label="Filter runs">
      <div className="runs-filter-row">
        <div className="runs-status-filter" role="group" aria-label="Status">
          {RUN_STATUSES.map((status) => (
            <button
              key={status}
              type="button"
              className={`runs-status-toggle status-${status.toLowerCase()}`}
              aria-pressed={filter.statuses.includes(status)}
              onClick={() => toggleStatus(status)}
            >
              {STATUS_LABEL[status]}
            </button>
          ))}
        </div>
        {textSearch && (
          <DraftInput
            className="runs-filter-q"
            value={filter.q}
            onCommit={(q) => set({ q })}
            label="Search runs"
            placeholder="Run id, job, asset, tag…"
          />
        )}
      </div>
      <div className="runs-filter-row">
        <label>
          <span className="sr-only">Job</span>
          <select className="select" aria-label="Job" value={filter.job} onChange={(e) => set({ job: e.target.value })}>
            <option value="">Any job</option>
            {filter.job && !jobs.includes(filter.job) && <option value={filter.job}>{filter.job}</option>}
            {jobs.map((job) => (
              <option key={job} value={job}>
                {job}
              </option>
            ))}
          </select>
        </label>
        <DraftInput value={filter.asset} onCommit={(asset) => set({ asset })} label="Asset" placeholder="Asset key, e.g. raw/users" />
        <form
          className="runs-tag-form"
          onSubmit={(e) => {
            e.preventDefault();
            addTag();
          }}
        >
          <label>
            <span className="sr-only">Tag</span>
            <input
              className="input"
              aria-label="Tag"
              aria-invalid={tagError ? true : undefined}
              aria-describedby={tagError ? "runs-tag-error" : undefined}
              placeholder="Tag key=value"
              value={tagDraft}
              onChange={(e) => setTagDraft(e.target.value)}
            />
          </label>
          <button type="submit" className="btn">
            Add tag
          </button>
          {tagError && (
            <span id="runs-tag-error" className="runs-field-error" role="alert">
              {tagError}
            </span>
          )}
        </form>
        <fieldset className="runs-created">
          <legend className="sr-only">Created between</legend>
          <label>
            <span className="muted">Created from</span>
            <input
              className="input"
              type="datetime-local"
              aria-label="Created from"
              value={filter.createdAfter.length === 16 ? filter.createdAfter : ""}
              onChange={(e) => set({ createdAfter: e.target.value })}
            />
          </label>
          <label>
            <span className="muted">to</span>
            <input
              className="input"
              type="datetime-local"
              aria-label="Created to"
              value={filter.createdBefore.length === 16 ? filter.createdBefore : ""}
              onChange={(e) => set({ createdBefore: e.target.value })}
            />
          </label>
          <button type="button" className="btn btn-sm" onClick={() => since(1)}>
            Last hour
          </button>
          <button type="button" className="btn btn-sm" onClick={() => since(24)}>
            24 h
          </button>
          <button type="button" className="btn btn-sm" onClick={() => since(24 * 7)}>
            7 days
          </button>
        </fieldset>
      </div>
      {(filter.tags.length > 0 || hasFilters(filter)) && (
        <div className="runs-filter-row runs-active" aria-label="Active filters">
          {filter.tags.map((tag) => (
            <span key={tag} className="runs-chip">
              tag {tag}
              <button
                type="button"
                className="runs-chip-remove"
                aria-label={`Remove the tag filter ${tag}`}
                onClick={() => set({ tags: filter.tags.filter((t) => t !== tag) })}
              >
                ×
              </button>
            </span>
          ))}
          {hasFilters(filter) && (
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => onChange({ statuses: [], job: "", asset: "", tags: [], q: "", createdAfter: "", createdBefore: "", page: 1 })}
            >
              Clear all filters
            </button>
          )}
        </div>
      )}
    </div>
  );
}
