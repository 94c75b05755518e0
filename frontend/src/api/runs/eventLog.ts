/**
 * A run's event log in memory: events are appended in place (no copies of what is already held),
 * so a 100,000-event run costs one array of events plus one index per filtered view.
 */
import type { Schemas } from "../client";

export type RunEvent = Schemas["RunEvent"];
export type RunEventPage = Schemas["RunEventPage"];

export const LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] as const;
export type Level = (typeof LEVELS)[number];

/** Every event of one run, oldest first, deduplicated by storage id. */
export class EventLog {
  readonly events: RunEvent[] = [];
  /** Events per step key, in order of first appearance. */
  readonly stepCounts = new Map<string, number>();
  readonly levelCounts = new Map<string, number>();
  private lastId = 0;
  private lowered: string[] = [];

  get length(): number {
    return this.events.length;
  }

  /** The cursor to pass as `after`: the largest storage id held. */
  get cursor(): number {
    return this.lastId;
  }

  /** Appends the events newer than what is held; returns how many were added. */
  append(batch: readonly RunEvent[]): number {
    let added = 0;
    for (const event of batch) {
      if (event.id <= this.lastId) continue;
      this.lastId = event.id;
      this.events.push(event);
      added += 1;
      if (event.step_key) this.stepCounts.set(event.step_key, (this.stepCounts.get(event.step_key) ?? 0) + 1);
      this.levelCounts.set(event.level, (this.levelCounts.get(event.level) ?? 0) + 1);
    }
    return added;
  }

  /** The lower-cased text a search looks in (message, type, step, error), computed once per event. */
  searchText(index: number): string {
    let text = this.lowered[index];
    if (text === undefined) {
      const event = this.events[index];
      if (!event) return "";
      const error = eventError(event);
      text = [event.message, event.type, event.step_key ?? "", error?.message ?? "", error?.cls ?? ""]
        .join("\n")
        .toLowerCase();
      this.lowered[index] = text;
    }
    return text;
  }
}

export interface EventFilter {
  /** Levels to show; null shows every level. */
  levels: ReadonlySet<string> | null;
  /** Only this step's events; null for all. */
  step: string | null;
  /** Case-insensitive text to find; empty shows everything. */
  search: string;
}

export const NO_FILTER: EventFilter = { levels: null, step: null, search: "" };

export function isFiltering(filter: EventFilter): boolean {
  return filter.levels !== null || filter.step !== null || filter.search.trim() !== "";
}

/**
 * The indexes of a log's events that pass a filter, kept up to date by scanning only the
 * events appended since the last sync.
 */
export class FilteredEvents {
  readonly indices: number[] = [];
  private scanned = 0;
  private readonly needle: string;

  constructor(
    readonly log: EventLog,
    readonly filter: EventFilter,
  ) {
    this.needle = filter.search.trim().toLowerCase();
  }

  get length(): number {
    return this.indices.length;
  }

  event(position: number): RunEvent | undefined {
    const index = this.indices[position];
    return index === undefined ? undefined : this.log.events[index];
  }

  /** Scans the newly appended events; returns how many of them passed. */
  sync(): number {
    const { events } = this.log;
    const { levels, step } = this.filter;
    let passed = 0;
    for (let i = this.scanned; i < events.length; i++) {
      const event = events[i];
      if (!event) continue;
      if (levels !== null && !levels.has(event.level)) continue;
      if (step !== null && event.step_key !== step) continue;
      if (this.needle && !this.log.searchText(i).includes(this.needle)) continue;
      this.indices.push(i);
      passed += 1;
    }
    this.scanned = events.length;
    return passed;
  }
}

export interface EventErrorInfo {
  message: string;
  cls: string | null;
  traceback: string | null;
}

/** The error a failure event carries in `payload.error` (`{message, cls, traceback}`), if any. */
export function eventError(event: RunEvent): EventErrorInfo | null {
  const error = event.payload["error"];
  if (!error || typeof error !== "object" || Array.isArray(error)) return null;
  const fields = error as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);
  const message = text(fields["message"]);
  const traceback = text(fields["traceback"]);
  if (message === null && traceback === null) return null;
  return { message: message ?? "", cls: text(fields["cls"]), traceback };
}

/** The failure to show at the top of a failed run: the first step failure, else the run's own. */
export function firstFailure(log: EventLog): { event: RunEvent; error: EventErrorInfo } | null {
  let runFailure: { event: RunEvent; error: EventErrorInfo } | null = null;
  for (const event of log.events) {
    if (event.type !== "STEP_FAILURE" && event.type !== "RUN_FAILURE") continue;
    const error = eventError(event);
    if (!error) continue;
    if (event.type === "STEP_FAILURE") return { event, error };
    runFailure ??= { event, error };
  }
  return runFailure;
}

export interface StreamOptions {
  /** Wait between polls once the stream has caught up, in ms. */
  intervalMs?: number;
  /** Wait after a failed request, in ms. */
  retryMs?: number;
  limit?: number;
  /** Called after each page that added events, and when the stream ends or fails. */
  onUpdate: (update: { added: readonly RunEvent[]; finished: boolean; error: unknown }) => void;
}

export type FetchEventPage = (after: number, limit: number, signal: AbortSignal) => Promise<RunEventPage>;

/**
 * Reads a run's events by cursor into an `EventLog`: pages back to back while more are stored,
 * then one poll every `intervalMs` until the run has finished and every event is read.
 */
export class EventStream {
  private controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  finished = false;

  constructor(
    readonly log: EventLog,
    private readonly fetchPage: FetchEventPage,
    private readonly options: StreamOptions,
  ) {}

  start(): void {
    if (this.running || this.finished) return;
    this.running = true;
    this.controller = new AbortController();
    void this.tick();
  }

  stop(): void {
    this.running = false;
    this.controller.abort();
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    this.timer = null;
    const { signal } = this.controller;
    const limit = this.options.limit ?? 5000;
    try {
      const page = await this.fetchPage(this.log.cursor, limit, signal);
      if (!this.running) return;
      const before = this.log.length;
      this.log.append(page.events);
      const added = this.log.events.slice(before);
      this.finished = page.is_finished;
      if (added.length > 0 || this.finished) this.options.onUpdate({ added, finished: this.finished, error: null });
      if (this.finished) {
        this.running = false;
        return;
      }
      this.schedule(page.has_more ? 0 : (this.options.intervalMs ?? 500));
    } catch (error) {
      if (!this.running || signal.aborted) return;
      this.options.onUpdate({ added: [], finished: false, error });
      this.schedule(this.options.retryMs ?? 2000);
    }
  }
}
