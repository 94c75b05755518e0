/**
 * The asset catalog: every asset of the stored snapshots (all pages, fetched in parallel after
 * the first), and launching a run of selected assets.
 */
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "../client";

export type CatalogAsset = Schemas["Asset"];
export type RunDetail = Schemas["RunDetail"];

/** The largest page the server hands out; a smaller ceiling is followed by its `count`. */
const PAGE_LIMIT = 5000;
/** Requests in flight at once while fetching the pages after the first. */
const PARALLEL_PAGES = 4;

export const catalogKeys = {
  all: ["assets", "catalog"] as const,
  selection: (select: string) => ["assets", "catalog", "select", select] as const,
};

async function fetchPage(offset: number, limit: number, signal?: AbortSignal, select?: string) {
  return unwrap(
    api.GET("/api/assets/", { params: { query: { offset, limit, ...(select ? { select } : {}) } }, signal }),
  );
}

/**
 * Every asset (or those a selection names), in the server's order: the first page tells the
 * page size and the total.
 */
export async function fetchAllAssets(signal?: AbortSignal, select?: string): Promise<CatalogAsset[]> {
  const fetch = (offset: number, limit: number) => fetchPage(offset, limit, signal, select);
  const first = await fetch(0, PAGE_LIMIT);
  const rows = [...first.results];
  const pageSize = first.results.length;
  if (pageSize === 0 || rows.length >= first.count) return rows;
  const offsets: number[] = [];
  for (let offset = pageSize; offset < first.count; offset += pageSize) offsets.push(offset);
  const pages: CatalogAsset[][] = new Array(offsets.length);
  let next = 0;
  const worker = async () => {
    while (next < offsets.length) {
      const index = next++;
      const offset = offsets[index] ?? 0;
      pages[index] = (await fetch(offset, pageSize)).results;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_PAGES, offsets.length) }, worker));
  for (const page of pages) rows.push(...page);
  // Assets added between two pages may shift a row across a page boundary: keep the first copy.
  const seen = new Set<string>();
  return rows.filter((row) => {
    const id = `${row.location}\u0000${row.key}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

export const catalogQuery = queryOptions({
  queryKey: catalogKeys.all,
  queryFn: ({ signal }) => fetchAllAssets(signal),
  staleTime: 10_000,
  // Live while something runs; otherwise a slow refresh (a large catalog is several requests).
  refetchInterval: (query) =>
    query.state.data?.some((asset) => asset.status === "IN_PROGRESS") ? 5_000 : 30_000,
});

/**
 * The rows a selection (the command line's `--select` syntax: `+a`, `group:x`, `tag:k=v`, …)
 * names, as row ids (`location` NUL `key`); a syntax error is a 400 naming `select`.
 */
export function selectionQuery(select: string) {
  return queryOptions({
    queryKey: catalogKeys.selection(select),
    queryFn: async ({ signal }) =>
      new Set((await fetchAllAssets(signal, select)).map((row) => `${row.location}\u0000${row.key}`)),
    enabled: select.trim() !== "",
    staleTime: 30_000,
  });
}

export type PartitionCounts = Schemas["PartitionCounts"];

/** The asset's partition counts (null for an unpartitioned asset). */
export function partitionCounts(asset: CatalogAsset): PartitionCounts | null {
  return asset.partition_counts ?? null;
}

/**
 * Launches one run per code location of the selected assets (the server needs the location when
 * there are several); resolves to the runs created, in the order of the locations.
 */
export async function materializeAssets(
  assets: readonly Pick<CatalogAsset, "key" | "location">[],
): Promise<RunDetail[]> {
  const byLocation = new Map<string, string[]>();
  for (const asset of assets) {
    const keys = byLocation.get(asset.location) ?? [];
    keys.push(asset.key);
    byLocation.set(asset.location, keys);
  }
  const several = byLocation.size > 1;
  const runs: RunDetail[] = [];
  for (const [location, keys] of byLocation) {
    runs.push(
      await unwrap(
        api.POST("/api/runs/", {
          body: { selection: keys, executor: "in_process", ...(several ? { location } : {}) },
        }),
      ),
    );
  }
  return runs;
}

export function useMaterializeAssets() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: materializeAssets,
    onSuccess: () => client.invalidateQueries({ queryKey: catalogKeys.all }),
  });
}
