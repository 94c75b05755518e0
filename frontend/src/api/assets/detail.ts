/**
 * One asset: its definition and state, its materializations (paged, newest first), its checks
 * with their latest evaluation, and launching a run of it.
 */
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "../client";

export type AssetDetail = Schemas["AssetDetail"];
export type Materialization = Schemas["Materialization"];
export type AssetCheck = Schemas["AssetCheck"];
export type CheckEvaluation = Schemas["CheckEvaluation"];
export type RunDetail = Schemas["RunDetail"];

/** Materializations per page of the events list. */
export const EVENTS_PAGE_SIZE = 100;
/** The most the server hands out in one page: the plots draw the newest this many. */
export const PLOT_WINDOW = 1000;

export const assetKeys = {
  all: ["assets", "detail"] as const,
  detail: (key: string) => ["assets", "detail", key] as const,
  materializations: (key: string, partition?: string) =>
    ["assets", "detail", key, "materializations", partition ?? ""] as const,
  plotWindow: (key: string) => ["assets", "detail", key, "plot-window"] as const,
  checks: (key: string) => ["assets", "detail", key, "checks"] as const,
};

export const assetDetailQuery = (key: string) =>
  queryOptions({
    queryKey: assetKeys.detail(key),
    queryFn: ({ signal }) => unwrap(api.GET("/api/assets/{key}/", { params: { path: { key } }, signal })),
    // Live while a run of it has not finished.
    refetchInterval: (query) => (query.state.data?.status === "IN_PROGRESS" ? 2_000 : false),
  });

/** The events list: pages of materializations, newest first, optionally of one partition. */
export const materializationsQuery = (key: string, partition?: string) =>
  infiniteQueryOptions({
    queryKey: assetKeys.materializations(key, partition),
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/api/assets/{key}/materializations/", {
          params: {
            path: { key },
            query: { limit: EVENTS_PAGE_SIZE, offset: pageParam, ...(partition ? { partition } : {}) },
          },
          signal,
        }),
      ),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((n, page) => n + page.results.length, 0);
      return last.next && loaded < last.count ? loaded : undefined;
    },
  });

/** The newest `PLOT_WINDOW` materializations, for the plots. */
export const plotWindowQuery = (key: string) =>
  queryOptions({
    queryKey: assetKeys.plotWindow(key),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/assets/{key}/materializations/", {
          params: { path: { key }, query: { limit: PLOT_WINDOW, offset: 0 } },
          signal,
        }),
      ),
  });

function isCheckList(value: unknown): value is AssetCheck[] {
  return Array.isArray(value);
}

export const assetChecksQuery = (key: string) =>
  queryOptions({
    queryKey: assetKeys.checks(key),
    queryFn: async ({ signal }): Promise<AssetCheck[]> => {
      // The endpoint answers a list (its schema documents one item).
      const data: unknown = await unwrap(api.GET("/api/assets/{key}/checks/", { params: { path: { key } }, signal }));
      return isCheckList(data) ? data : [];
    },
  });

/** Launches a run of the asset alone; resolves to the run. */
export function useMaterializeAsset(asset: Pick<AssetDetail, "key" | "location">) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/runs/", {
          body: { selection: [asset.key], executor: "in_process", location: asset.location },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: assetKeys.detail(asset.key) }),
  });
}
