/** One code location: status, origin, when it loaded, what it defines, its load error with the traceback, and reload. */
import { Link } from "react-router";
import type { CodeLocation } from "@/api/locations";
import { StatusBadge } from "@/components/common/StatusBadge";
import { formatDateTime, formatRelative } from "@/lib/format";

const STATUS: Record<CodeLocation["status"], { badge: string; label: string }> = {
  LOADED: { badge: "success", label: "Loaded" },
  LOADING: { badge: "running", label: "Loading" },
  ERROR: { badge: "failure", label: "Failed to load" },
};

function originText(origin: unknown): string {
  if (typeof origin !== "object" || origin === null) return "";
  const fields = Object.fromEntries(Object.entries(origin).filter(([, value]) => typeof value === "string" && value));
  const where = fields.python_file ?? fields.module_name ?? fields.pyproject ?? "";
  const kind = typeof fields.kind === "string" ? fields.kind : "";
  return [kind, where, fields.attribute ? `:${fields.attribute}` : ""].filter(Boolean).join(" ").replace(" :", ":");
}

export interface ReloadState {
  pending: boolean;
  /** What the last reload ended with (a message), if it ended. */
  outcome?: { ok: boolean; message: string };
}

export function LocationCard({
  location,
  canReload,
  reload,
  onReload,
}: {
  location: CodeLocation;
  canReload: boolean;
  reload: ReloadState;
  onReload(): void;
}) {
  const status = STATUS[location.status];
  const catalog = `/assets?location=${encodeURIComponent(location.name)}`;
  const counts: { label: string; value: number; to?: string }[] = [
    { label: "assets", value: location.counts.assets, to: catalog },
    { label: "checks", value: location.counts.asset_checks, to: catalog },
    { label: "jobs", value: location.counts.jobs },
    { label: "schedules", value: location.counts.schedules },
    { label: "sensors", value: location.counts.sensors },
  ];
  const titleId = `location-${location.name}`;
  const error = location.load_error;
  return (
    <article className="card locations-card" aria-labelledby={titleId} data-testid={`location-${location.name}`}>
      <div className="locations-card-head">
        <div className="locations-card-title">
          <h2 id={titleId} className="mono">
            {location.name}
          </h2>
          <span className="muted mono locations-origin">{originText(location.origin)}</span>
        </div>
        <div className="locations-card-status">
          {reload.pending ? <StatusBadge status="running" label="Reloading…" /> : <StatusBadge status={status.badge} label={status.label} />}
          <span className="muted" title={formatDateTime(location.loaded_at ?? location.updated_at)}>
            {location.loaded_at ? `loaded ${formatRelative(location.loaded_at)}` : `updated ${formatRelative(location.updated_at)}`}
          </span>
        </div>
        <div className="locations-card-actions">
          {canReload && (
            <button type="button" className="btn" onClick={onReload} disabled={reload.pending} aria-label={`Reload ${location.name}`}>
              {reload.pending ? "Reloading…" : "↻ Reload"}
            </button>
          )}
        </div>
      </div>
      <ul className="locations-counts" aria-label={`What ${location.name} defines`}>
        {counts.map((count) => (
          <li key={count.label}>
            {count.to && count.value > 0 ? (
              <Link to={count.to}>
                <strong>{count.value.toLocaleString()}</strong> {count.label}
              </Link>
            ) : (
              <span>
                <strong>{count.value.toLocaleString()}</strong> {count.label}
              </span>
            )}
          </li>
        ))}
      </ul>
      {reload.outcome && (
        <div className={`locations-outcome ${reload.outcome.ok ? "ok" : "failed"}`} role="status">
          {reload.outcome.message}
        </div>
      )}
      {error && (
        <div className="locations-error" role="alert">
          <div className="locations-error-title">
            <strong>{location.status === "ERROR" ? "The code did not load" : "The last load failed"}</strong>
            {error.cls && <code>{error.cls}</code>}
          </div>
          <pre className="locations-error-message">{error.message}</pre>
          {error.traceback && (
            <details open>
              <summary>Traceback</summary>
              <pre className="locations-traceback" data-testid="location-traceback">
                {error.traceback}
              </pre>
            </details>
          )}
        </div>
      )}
    </article>
  );
}
