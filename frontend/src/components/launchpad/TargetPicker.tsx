/** What to launch: a job, or a selection of assets picked by search. */
import { useId, useState } from "react";
import type { Asset, Job } from "@/api/launch";

export type Target = { kind: "job"; job: string } | { kind: "assets"; keys: string[] };

export function TargetPicker({
  target,
  onChange,
  jobs,
  search,
  onSearch,
  results,
  searching,
}: {
  target: Target;
  onChange(target: Target): void;
  jobs: Job[];
  search: string;
  onSearch(text: string): void;
  results: Asset[];
  searching: boolean;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const keys = target.kind === "assets" ? target.keys : [];
  const options = results.filter((asset) => asset.is_materializable && !keys.includes(asset.key)).slice(0, 30);
  const add = (key: string) => {
    onChange({ kind: "assets", keys: [...keys, key] });
    onSearch("");
    setActive(0);
  };
  const showList = open && target.kind === "assets" && (options.length > 0 || search.trim() !== "");
  return (
    <section className="launchpad-target" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="launchpad-section-title">
        Target
      </h2>
      <div className="launchpad-segmented" role="radiogroup" aria-label="Launch a job or assets">
        {(["assets", "job"] as const).map((kind) => (
          <label key={kind} className={target.kind === kind ? "active" : undefined}>
            <input
              type="radio"
              name="target-kind"
              value={kind}
              checked={target.kind === kind}
              onChange={() => onChange(kind === "job" ? { kind: "job", job: jobs[0]?.name ?? "" } : { kind: "assets", keys: [] })}
            />
            {kind === "assets" ? "Assets" : "Job"}
          </label>
        ))}
      </div>
      {target.kind === "job" ? (
        <div className="launchpad-job">
          <label htmlFor={`${id}-job`} className="launchpad-label">
            Job
          </label>
          <select
            id={`${id}-job`}
            className="select"
            value={target.job}
            onChange={(event) => onChange({ kind: "job", job: event.target.value })}
          >
            {!jobs.some((job) => job.name === target.job) && <option value={target.job}>{target.job || "Choose a job"}</option>}
            {jobs.map((job) => (
              <option key={`${job.location}/${job.name}`} value={job.name}>
                {job.name} · {job.location}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <div className="launchpad-assets">
          {keys.length > 0 && (
            <ul className="launchpad-chips" aria-label="Selected assets">
              {keys.map((key) => (
                <li key={key} className="launchpad-chip">
                  <span className="mono">{key}</span>
                  <button
                    type="button"
                    aria-label={`Remove ${key}`}
                    onClick={() => onChange({ kind: "assets", keys: keys.filter((k) => k !== key) })}
                  >
                    ✕
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="launchpad-combobox">
            <label htmlFor={`${id}-search`} className="launchpad-label">
              Add an asset
            </label>
            <input
              id={`${id}-search`}
              className="input"
              role="combobox"
              aria-expanded={showList}
              aria-controls={`${id}-results`}
              aria-autocomplete="list"
              aria-activedescendant={showList && options[active] ? `${id}-asset-${active}` : undefined}
              autoComplete="off"
              placeholder="Search assets by key, group or description"
              value={search}
              onFocus={() => setOpen(true)}
              onBlur={() => setTimeout(() => setOpen(false), 120)}
              onChange={(event) => {
                onSearch(event.target.value);
                setActive(0);
                setOpen(true);
              }}
              onKeyDown={(event) => {
                if (event.key === "ArrowDown") {
                  event.preventDefault();
                  setOpen(true);
                  setActive((i) => Math.min(i + 1, options.length - 1));
                } else if (event.key === "ArrowUp") {
                  event.preventDefault();
                  setActive((i) => Math.max(i - 1, 0));
                } else if (event.key === "Enter" && showList) {
                  const asset = options[active];
                  if (asset) {
                    event.preventDefault();
                    add(asset.key);
                  }
                } else if (event.key === "Escape") {
                  setOpen(false);
                } else if (event.key === "Backspace" && !search && keys.length) {
                  onChange({ kind: "assets", keys: keys.slice(0, -1) });
                }
              }}
            />
            {showList && (
              <ul className="launchpad-options" role="listbox" id={`${id}-results`} aria-label="Matching assets">
                {options.length === 0 && <li className="muted launchpad-option-empty">{searching ? "Searching…" : "No materializable asset matches."}</li>}
                {options.map((asset, i) => (
                  <li
                    key={`${asset.location}/${asset.key}`}
                    id={`${id}-asset-${i}`}
                    role="option"
                    aria-selected={i === active}
                    className={i === active ? "active" : undefined}
                    onMouseDown={(event) => {
                      event.preventDefault();
                      add(asset.key);
                    }}
                  >
                    <span className="mono">{asset.key}</span>
                    <span className="muted launchpad-option-meta">
                      {asset.group}
                      {asset.is_partitioned ? " · partitioned" : ""}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
