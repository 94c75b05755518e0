/**
 * What the command palette searches: the asset keys (from the cached catalog), jobs and recent
 * runs, and the ranking it filters them with, client-side, in one pass per list.
 */
import { queryOptions } from "@tanstack/react-query";
import { catalogQuery } from "../assets/catalog";
import { api, type Schemas, unwrap } from "../client";

export type Job = Schemas["Job"];
export type Run = Schemas["Run"];

export const searchKeys = {
  jobs: ["search", "jobs"] as const,
  recentRuns: ["search", "recent-runs"] as const,
};

/** The asset keys, from the same cache as the catalog page (one fetch serves both). */
export const assetKeysQuery = queryOptions({
  ...catalogQuery,
  refetchInterval: false,
  staleTime: 60_000,
  select: (assets) => assets.map((asset) => asset.key),
});

export const jobsQuery = queryOptions({
  queryKey: searchKeys.jobs,
  queryFn: async ({ signal }) =>
    (await unwrap(api.GET("/api/jobs/", { params: { query: { limit: 1000 } }, signal }))).results,
  staleTime: 60_000,
});

export const RECENT_RUNS = 100;

export const recentRunsQuery = queryOptions({
  queryKey: searchKeys.recentRuns,
  queryFn: async ({ signal }) =>
    (await unwrap(api.GET("/api/runs/", { params: { query: { limit: RECENT_RUNS } }, signal }))).results,
  staleTime: 10_000,
});

/**
 * How well `text` matches `needle` (both lower-cased), higher is better; 0 is no match.
 * Exact > prefix > a path part or word starts with it > contains it > its letters in order.
 */
export function matchScore(text: string, needle: string): number {
  if (!needle) return 1;
  if (text === needle) return 1000;
  if (text.startsWith(needle)) return 800 - Math.min(text.length, 200);
  const at = text.indexOf(needle);
  if (at > 0) {
    const before = text.charCodeAt(at - 1);
    // "/", "_", "-", ".", " " and ":" start a part of a key or name.
    const boundary = before === 47 || before === 95 || before === 45 || before === 46 || before === 32 || before === 58;
    return (boundary ? 600 : 400) - Math.min(at, 100) - Math.min(text.length, 100) / 10;
  }
  // Letters in order ("rbu" for revenue_by_user), only for short needles to stay precise.
  if (needle.length > 6) return 0;
  let from = 0;
  for (const char of needle) {
    const found = text.indexOf(char, from);
    if (found < 0) return 0;
    from = found + 1;
  }
  return 100 - Math.min(text.length, 99);
}

/** The best `limit` items for `query`, best first (ties keep the input order). */
export function rank<T>(items: readonly T[], query: string, text: (item: T) => string, limit: number): T[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return items.slice(0, limit);
  const scored: { item: T; score: number; index: number }[] = [];
  items.forEach((item, index) => {
    const score = matchScore(text(item).toLowerCase(), needle);
    if (score > 0) scored.push({ item, score, index });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.slice(0, limit).map((entry) => entry.item);
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** A full run id typed or pasted (with or without dashes), normalised; null otherwise. */
export function runIdFrom(query: string): string | null {
  const text = query.trim();
  if (!UUID.test(text)) return null;
  const hex = text.replace(/-/g, "").toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
