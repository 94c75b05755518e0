/**
 * A run's event log: virtualised (only the rows in view are in the DOM, so 100,000 events scroll
 * like 100), filtered by level, step and text (matches highlighted), following the tail as events
 * arrive until the user scrolls up. Messages and payloads are rendered as text.
 */
import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { Link } from "react-router";
import {
  type EventFilter,
  type EventLog,
  FilteredEvents,
  LEVELS,
  type RunEvent,
  eventError,
  isFiltering,
} from "@/api/runs/eventLog";
import { assetPath, formatCount } from "@/lib/format";
import { Highlight } from "./Highlight";
import { clockTime } from "./time";
import "./runs.css";

const ROW_HEIGHT = 28;

export interface EventLogViewProps {
  log: EventLog;
  /** Changes whenever events were appended to `log`. */
  version: number;
  filter: EventFilter;
  onFilterChange: (filter: EventFilter) => void;
  /** Step keys to offer in the step filter (the run's steps). */
  steps: readonly string[];
  /** The run still writes events. */
  live: boolean;
  loading?: boolean;
}

function hasDetails(event: RunEvent): boolean {
  return Object.keys(event.payload).length > 0 || event.message.includes("\n");
}

function firstLine(text: string): string {
  const at = text.indexOf("\n");
  return at < 0 ? text : text.slice(0, at);
}

export function EventLogView({ log, version, filter, onFilterChange, steps, live, loading }: EventLogViewProps) {
  const filtered = useMemo(() => new FilteredEvents(log, filter), [log, filter]);
  // Only the events appended since the last render are scanned.
  const count = useMemo(() => {
    void version;
    filtered.sync();
    return filtered.length;
  }, [filtered, version]);

  const scrollRef = useRef<HTMLDivElement | null>(null);
  const [following, setFollowing] = useState(true);
  const programmaticUntil = useRef(0);
  const [toggled, setToggled] = useState<ReadonlySet<number>>(() => new Set());

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 15,
    getItemKey: (position) => filtered.indices[position] ?? position,
  });

  const scrollToEnd = useCallback(() => {
    if (count === 0) return;
    programmaticUntil.current = Date.now() + 250;
    virtualizer.scrollToIndex(count - 1, { align: "end" });
  }, [count, virtualizer]);

  useLayoutEffect(() => {
    if (following) scrollToEnd();
  }, [following, scrollToEnd]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT;
    if (atBottom) setFollowing(true);
    else if (Date.now() > programmaticUntil.current) setFollowing(false);
  };

  // A new filter shows its matches from the tail again.
  useEffect(() => setFollowing(true), [filter]);

  const isExpanded = (event: RunEvent) => {
    const byDefault = eventError(event)?.traceback != null;
    return toggled.has(event.id) ? !byDefault : byDefault;
  };
  const toggle = (id: number) =>
    setToggled((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const toggleLevel = (level: string) => {
    const current = new Set(filter.levels ?? LEVELS);
    if (current.has(level)) current.delete(level);
    else current.add(level);
    onFilterChange({ ...filter, levels: current.size === LEVELS.length ? null : current });
  };

  const needle = filter.search.trim();
  const items = virtualizer.getVirtualItems();

  return (
    <div className="runs-log">
      <div className="runs-log-toolbar toolbar" role="toolbar" aria-label="Event log filters">
        <label className="runs-log-search">
          <span className="sr-only">Search the events</span>
          <input
            className="input"
            type="search"
            placeholder="Search messages, types, steps…"
            value={filter.search}
            onChange={(e) => onFilterChange({ ...filter, search: e.target.value })}
            onKeyDown={(e) => {
              if (e.key === "Escape") onFilterChange({ ...filter, search: "" });
            }}
          />
        </label>
        <label>
          <span className="sr-only">Step</span>
          <select
            className="select"
            value={filter.step ?? ""}
            onChange={(e) => onFilterChange({ ...filter, step: e.target.value || null })}
          >
            <option value="">All steps</option>
            {steps.map((step) => (
              <option key={step} value={step}>
                {step}
              </option>
            ))}
          </select>
        </label>
        <div className="runs-levels" role="group" aria-label="Levels">
          {LEVELS.map((level) => {
            const on = filter.levels === null || filter.levels.has(level);
            return (
              <button
                key={level}
                type="button"
                className={`runs-level-toggle runs-level-${level.toLowerCase()}`}
                aria-pressed={on}
                onClick={() => toggleLevel(level)}
              >
                {level.toLowerCase()} <span className="runs-count">{formatCount(log.levelCounts.get(level) ?? 0)}</span>
              </button>
            );
          })}
        </div>
        <span className="runs-log-count muted" data-testid="event-count" aria-live="polite">
          {isFiltering(filter) ? `${formatCount(count)} of ${formatCount(log.length)} events` : `${formatCount(log.length)} events`}
        </span>
        {isFiltering(filter) && (
          <button type="button" className="btn btn-sm" onClick={() => onFilterChange({ levels: null, step: null, search: "" })}>
            Clear filters
          </button>
        )}
        {!following && count > 0 && (
          <button type="button" className="btn btn-sm btn-primary" onClick={() => setFollowing(true)}>
            {live ? "Follow new events ↓" : "Jump to the end ↓"}
          </button>
        )}
      </div>
      <div className="runs-log-head" aria-hidden="true">
        <span>Time</span>
        <span>Level</span>
        <span>Step</span>
        <span>Type</span>
        <span>Message</span>
      </div>
      <div className="runs-log-scroll" ref={scrollRef} onScroll={onScroll} data-testid="event-log" tabIndex={0} aria-label="Events">
        {count === 0 ? (
          <div className="empty">
            {loading ? "Reading the events…" : isFiltering(filter) ? "No event matches these filters." : live ? "Waiting for the first event…" : "This run has no events."}
          </div>
        ) : (
          <div role="list" className="runs-log-rows" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const event = filtered.event(item.index);
              if (!event) return null;
              const expanded = isExpanded(event);
              const error = eventError(event);
              const details = hasDetails(event);
              return (
                <div
                  key={item.key}
                  role="listitem"
                  data-index={item.index}
                  data-testid="event-row"
                  data-type={event.type}
                  ref={virtualizer.measureElement}
                  className={`runs-event runs-event-${event.level.toLowerCase()}`}
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <div className="runs-event-line">
                    <span className="runs-event-time mono" title={event.timestamp}>
                      {clockTime(event.timestamp)}
                    </span>
                    <span className={`runs-event-level runs-level-${event.level.toLowerCase()}`}>{event.level.toLowerCase()}</span>
                    <span className="runs-event-step">
                      {event.step_key ? (
                        <button
                          type="button"
                          className="runs-linklike"
                          title={`Only ${event.step_key}'s events`}
                          onClick={() => onFilterChange({ ...filter, step: event.step_key })}
                        >
                          {event.step_key}
                        </button>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </span>
                    <span className="runs-event-type">
                      <span className={`runs-type runs-type-${typeTone(event.type)}`}>{event.type}</span>
                    </span>
                    <span className={`runs-event-message${expanded ? " runs-event-message-full" : ""}`}>
                      {details && (
                        <button
                          type="button"
                          className="runs-expand"
                          aria-expanded={expanded}
                          aria-label={expanded ? "Hide details" : "Show details"}
                          onClick={() => toggle(event.id)}
                        >
                          {expanded ? "▾" : "▸"}
                        </button>
                      )}
                      <Highlight text={expanded ? event.message : firstLine(event.message)} needle={needle} />
                    </span>
                  </div>
                  {expanded && (
                    <div className="runs-event-details">
                      {event.asset_key && (
                        <div>
                          Asset <Link to={assetPath(event.asset_key)}>{event.asset_key}</Link>
                          {event.partition && <span className="muted"> · partition {event.partition}</span>}
                        </div>
                      )}
                      {error?.traceback && (
                        <pre className="runs-traceback" data-testid="event-traceback">
                          {error.cls ? `${error.cls}: ${error.message}\n\n` : ""}
                          {error.traceback}
                        </pre>
                      )}
                      {Object.keys(event.payload).length > 0 && (
                        <pre className="runs-payload">{JSON.stringify(withoutTraceback(event.payload), null, 2)}</pre>
                      )}
                    </div>
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}

function withoutTraceback(payload: RunEvent["payload"]): RunEvent["payload"] {
  const error = payload["error"];
  if (!error || typeof error !== "object" || Array.isArray(error)) return payload;
  const rest = Object.fromEntries(Object.entries(error).filter(([key]) => key !== "traceback"));
  return { ...payload, error: rest };
}

function typeTone(type: string): string {
  if (type.endsWith("FAILURE")) return "failure";
  if (type.endsWith("SUCCESS") || type === "ASSET_MATERIALIZATION") return "success";
  if (type.endsWith("START") || type.endsWith("STARTING")) return "running";
  if (type.includes("RETRY") || type.includes("CANCEL")) return "warning";
  return "neutral";
}
