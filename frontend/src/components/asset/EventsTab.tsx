/** The materialization history: newest first, virtualised, each event's metadata expandable; the
 * next page loads as the list nears its end. */
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useId, useRef, useState } from "react";
import { Link } from "react-router";
import type { Materialization } from "@/api/assets/detail";
import { StatusBadge } from "@/components/common/StatusBadge";
import { formatCount, formatDateTime, formatDuration, formatRelative, runPath } from "@/lib/format";
import { metadataEntries, numericValue } from "./metadata";
import { MetadataTable } from "./MetadataTable";
import { materializationExtras, shortRunId } from "./OverviewTab";

/** Numeric values shown on the collapsed row, at most this many. */
const HEADLINE_VALUES = 3;

function headline(m: Materialization): { name: string; value: number }[] {
  const out: { name: string; value: number }[] = [];
  const entries = metadataEntries(m.metadata).sort((a, b) => Number(!/row_count$/.test(a.name)) - Number(!/row_count$/.test(b.name)));
  const seen = new Set<number>();
  for (const entry of entries) {
    const value = numericValue(entry);
    // `dagster/row_count` and `row_count` often say the same: show the number once.
    if (value === null || (/row_count$/.test(entry.name) && seen.has(value))) continue;
    if (/row_count$/.test(entry.name)) seen.add(value);
    out.push({ name: entry.name, value });
    if (out.length >= HEADLINE_VALUES) break;
  }
  return out;
}

function EventRow({ m, open, onToggle }: { m: Materialization; open: boolean; onToggle: () => void }) {
  const detailId = useId();
  const { duration, runStatus } = materializationExtras(m);
  const count = metadataEntries(m.metadata).length;
  return (
    <article className={open ? "asset-event open" : "asset-event"} aria-label={`Materialization of ${formatDateTime(m.timestamp)}`}>
      <div className="asset-event-row">
        <button
          type="button"
          className="btn btn-sm asset-event-toggle"
          aria-expanded={open}
          aria-controls={detailId}
          aria-label={`${open ? "Hide" : "Show"} metadata of ${formatDateTime(m.timestamp)}`}
          onClick={onToggle}
        >
          {open ? "▾" : "▸"}
        </button>
        <time className="asset-event-time" dateTime={m.timestamp}>
          {formatDateTime(m.timestamp)}
          <span className="muted"> · {formatRelative(m.timestamp)}</span>
        </time>
        <span className="asset-event-partition mono">{m.partition ?? ""}</span>
        <span className="asset-event-run">
          <Link to={runPath(m.run_id)} className="mono" aria-label={`Run ${m.run_id}`}>
            {shortRunId(m.run_id)}
          </Link>
          {runStatus && <StatusBadge status={runStatus} />}
        </span>
        <span className="asset-event-duration muted">{duration !== null ? formatDuration(duration) : ""}</span>
        <span className="asset-event-values">
          {headline(m).map(({ name, value }) => (
            <span key={name} className="asset-event-value">
              <span className="muted">{name}</span> <span className="mono">{formatCount(value)}</span>
            </span>
          ))}
          {count > 0 && <span className="muted asset-event-count">{count} entries</span>}
        </span>
      </div>
      {open && (
        <div id={detailId} className="asset-event-detail">
          {m.step_key && (
            <p className="muted asset-empty-line">
              Step <span className="mono">{m.step_key}</span>
            </p>
          )}
          <MetadataTable metadata={m.metadata} label={`Metadata of ${formatDateTime(m.timestamp)}`} emptyText="No metadata recorded." />
        </div>
      )}
    </article>
  );
}

export function EventsTab({
  events,
  total,
  hasMore,
  loadingMore,
  onLoadMore,
  partitioned,
  partition,
  onPartitionChange,
}: {
  events: readonly Materialization[];
  total: number | null;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  partitioned: boolean;
  partition: string;
  onPartitionChange: (partition: string) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState<ReadonlySet<number>>(() => new Set(events[0] ? [events[0].id] : []));
  const [draft, setDraft] = useState(partition);
  const filterId = useId();
  const virtualizer = useVirtualizer({
    count: events.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 46,
    overscan: 8,
    getItemKey: (index) => events[index]?.id ?? index,
    initialRect: { width: 900, height: 640 },
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= events.length - 10) onLoadMore();
  }, [hasMore, loadingMore, lastIndex, events.length, onLoadMore]);

  const toggle = (id: number) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <section className="card asset-events" aria-labelledby="asset-events-title">
      <div className="card-header">
        <h2 id="asset-events-title">
          Materializations {total !== null && <span className="muted">({formatCount(total)})</span>}
        </h2>
        <div className="toolbar">
          {partitioned && (
            <form
              className="toolbar"
              onSubmit={(event) => {
                event.preventDefault();
                onPartitionChange(draft.trim());
              }}
            >
              <label htmlFor={filterId} className="sr-only">
                Partition key
              </label>
              <input
                id={filterId}
                className="input"
                type="search"
                placeholder="Partition key (exact)"
                value={draft}
                onChange={(event) => {
                  setDraft(event.target.value);
                  if (event.target.value === "") onPartitionChange("");
                }}
              />
              <button type="submit" className="btn btn-sm">
                Filter
              </button>
            </form>
          )}
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => setOpen(open.size > 0 ? new Set() : new Set(events.slice(0, 50).map((m) => m.id)))}
            disabled={events.length === 0}
          >
            {open.size > 0 ? "Collapse all" : "Expand first 50"}
          </button>
        </div>
      </div>
      {events.length === 0 ? (
        <p className="empty">{partition ? `No materialization of partition “${partition}”.` : "No materializations yet."}</p>
      ) : (
        <div ref={scroller} className={partitioned ? "asset-events-scroll partitioned" : "asset-events-scroll"} data-testid="asset-events-list">
          <div className="asset-event asset-event-head" aria-hidden="true">
            <div className="asset-event-row">
              <span />
              <span>Time</span>
              <span className="asset-event-partition">Partition</span>
              <span>Run</span>
              <span>Duration</span>
              <span>Values</span>
            </div>
          </div>
          <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {items.map((item) => {
              const m = events[item.index];
              if (!m) return null;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className="asset-event-slot"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <EventRow m={m} open={open.has(m.id)} onToggle={() => toggle(m.id)} />
                </div>
              );
            })}
          </div>
          {(hasMore || loadingMore) && <p className="muted asset-events-more">{loadingMore ? "Loading older materializations…" : ""}</p>}
        </div>
      )}
    </section>
  );
}
