/** A partitioned asset's partitions by state: one thin bar and "3 / 365 materialized, 2 failed". */
import type { PartitionCounts } from "@/api/assets/catalog";
import { formatCount } from "@/lib/format";

export function partitionSummary(counts: PartitionCounts): string {
  const parts = [`${formatCount(counts.materialized)} / ${formatCount(counts.total)} materialized`];
  if (counts.failed) parts.push(`${formatCount(counts.failed)} failed`);
  if (counts.in_progress) parts.push(`${formatCount(counts.in_progress)} in progress`);
  return parts.join(", ");
}

function percent(part: number, total: number): string {
  return `${total > 0 ? (100 * part) / total : 0}%`;
}

export function PartitionBar({ counts }: { counts: PartitionCounts }) {
  const text = partitionSummary(counts);
  const { total } = counts;
  return (
    <div className="catalog-partitions" title={`${text}, ${formatCount(counts.missing)} missing`}>
      <div className="catalog-partition-bar" aria-hidden="true">
        <span className="catalog-partition-materialized" style={{ width: percent(counts.materialized, total) }} />
        <span className="catalog-partition-failed" style={{ width: percent(counts.failed, total) }} />
        <span className="catalog-partition-running" style={{ width: percent(counts.in_progress, total) }} />
      </div>
      <span className="catalog-partition-text">{text}</span>
    </div>
  );
}
