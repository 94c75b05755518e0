/** What a run ran: its job, or its asset selection (linked), and its partition. */
import { Link } from "react-router";
import { IMPLICIT_ASSET_JOB, type Run } from "@/api/runs/runs";
import { assetPath } from "@/lib/format";
import "./runs.css";

export function RunTarget({ run, max = 3 }: { run: Pick<Run, "job_name" | "asset_selection" | "partition_key" | "partition_range">; max?: number }) {
  const assets = run.asset_selection ?? [];
  const isAssetJob = run.job_name === IMPLICIT_ASSET_JOB || run.job_name === "";
  const shown = assets.slice(0, max);
  return (
    <span className="runs-target">
      {!isAssetJob && (
        <span className="runs-chip runs-chip-job" title="Job">
          <span aria-hidden="true">⚙</span> {run.job_name}
        </span>
      )}
      {(isAssetJob || assets.length > 0) &&
        shown.map((key) => (
          <Link key={key} to={assetPath(key)} className="runs-chip runs-chip-asset" title={`Asset ${key}`}>
            <span aria-hidden="true">▦</span> {key}
          </Link>
        ))}
      {assets.length > max && (
        <span className="runs-chip muted" title={assets.slice(max).join(", ")}>
          +{assets.length - max} more
        </span>
      )}
      {run.partition_key && (
        <span className="runs-chip runs-chip-partition" title="Partition">
          partition {run.partition_key}
        </span>
      )}
      {run.partition_range && (
        <span className="runs-chip runs-chip-partition" title="Partition range">
          partitions {run.partition_range[0]} … {run.partition_range[1]}
        </span>
      )}
    </span>
  );
}

/** A run's tags as chips; `dagster/` system tags are shown dimmer. */
export function RunTags({ tags, max, onTag }: { tags: Record<string, string>; max?: number; onTag?: (tag: string) => void }) {
  const entries = Object.entries(tags).sort(([a], [b]) => Number(a.startsWith("dagster/")) - Number(b.startsWith("dagster/")) || a.localeCompare(b));
  if (entries.length === 0) return <span className="muted">—</span>;
  const shown = max === undefined ? entries : entries.slice(0, max);
  return (
    <span className="runs-tags">
      {shown.map(([key, value]) => {
        const text = `${key}=${value}`;
        const cls = `tag runs-tag${key.startsWith("dagster/") ? " runs-tag-system" : ""}`;
        return onTag ? (
          <button key={key} type="button" className={cls} title={`Only runs tagged ${text}`} onClick={() => onTag(text)}>
            {text}
          </button>
        ) : (
          <span key={key} className={cls}>
            {text}
          </span>
        );
      })}
      {max !== undefined && entries.length > max && (
        <span className="tag runs-tag" title={entries.slice(max).map(([k, v]) => `${k}=${v}`).join("\n")}>
          +{entries.length - max}
        </span>
      )}
    </span>
  );
}
