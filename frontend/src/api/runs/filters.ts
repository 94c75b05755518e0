/** The runs list's filters and page, read from and written to the URL query string. */
import type { Schemas } from "../client";

export type RunStatus = Schemas["RunStatus"];

export const RUN_STATUSES: readonly RunStatus[] = [
  "QUEUED",
  "STARTING",
  "STARTED",
  "CANCELING",
  "SUCCESS",
  "FAILURE",
  "CANCELED",
];

export const UNFINISHED_STATUSES: ReadonlySet<RunStatus> = new Set(["QUEUED", "STARTING", "STARTED", "CANCELING"]);

export interface RunsFilter {
  statuses: RunStatus[];
  job: string;
  asset: string;
  /** `key=value` pairs; every one must match. */
  tags: string[];
  /** Free text (run id, job, asset, tag). */
  q: string;
  /** `YYYY-MM-DDTHH:mm` in local time, or an ISO date-time; empty for no bound. */
  createdAfter: string;
  createdBefore: string;
  /** 1-based page number. */
  page: number;
}

export const EMPTY_FILTER: RunsFilter = {
  statuses: [],
  job: "",
  asset: "",
  tags: [],
  q: "",
  createdAfter: "",
  createdBefore: "",
  page: 1,
};

function isStatus(value: string): value is RunStatus {
  return (RUN_STATUSES as readonly string[]).includes(value);
}

export function parseRunsFilter(params: URLSearchParams): RunsFilter {
  const statuses = params
    .getAll("status")
    .flatMap((v) => v.split(","))
    .map((v) => v.trim().toUpperCase())
    .filter(isStatus);
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  return {
    statuses: [...new Set(statuses)],
    job: params.get("job") ?? "",
    asset: params.get("asset") ?? "",
    tags: params.getAll("tag").filter((t) => t.includes("=")),
    q: params.get("q") ?? "",
    createdAfter: params.get("after") ?? "",
    createdBefore: params.get("before") ?? "",
    page: Number.isFinite(page) && page > 1 ? page : 1,
  };
}

/** The query string of a filter; what is at its default is left out, so URLs stay short. */
export function runsFilterToParams(filter: RunsFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.statuses.length) params.set("status", filter.statuses.join(","));
  if (filter.job) params.set("job", filter.job);
  if (filter.asset) params.set("asset", filter.asset);
  for (const tag of filter.tags) params.append("tag", tag);
  if (filter.q) params.set("q", filter.q);
  if (filter.createdAfter) params.set("after", filter.createdAfter);
  if (filter.createdBefore) params.set("before", filter.createdBefore);
  if (filter.page > 1) params.set("page", String(filter.page));
  return params;
}

export function hasFilters(filter: RunsFilter): boolean {
  return (
    filter.statuses.length > 0 ||
    filter.job !== "" ||
    filter.asset !== "" ||
    filter.tags.length > 0 ||
    filter.q !== "" ||
    filter.createdAfter !== "" ||
    filter.createdBefore !== ""
  );
}

/** A date-time from the URL (local `YYYY-MM-DDTHH:mm` or ISO) as the ISO string the API takes. */
export function toIsoDateTime(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** A `Date` as the value of an `<input type="datetime-local">` (local time, minutes). */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Splits a `key=value` tag at its first `=`. */
export function splitTag(tag: string): [string, string] {
  const at = tag.indexOf("=");
  return at < 0 ? [tag, ""] : [tag.slice(0, at), tag.slice(at + 1)];
}
