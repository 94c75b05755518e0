/** What the launchpad reads (jobs, assets with their config schema) and the launch itself. */
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "../client";

export type Job = Schemas["Job"];
export type Asset = Schemas["Asset"];
export type AssetDetail = Schemas["AssetDetail"];
export type LaunchRequest = Schemas["RunCreateRequest"];
export type LaunchedRun = Schemas["RunDetail"];

export const launchKeys = {
  jobs: ["launch", "jobs"] as const,
  assetSearch: (q: string) => ["launch", "asset-search", q] as const,
  asset: (key: string) => ["assets", "detail", key] as const,
};

/** Every job of every location (the server lists them from the snapshots, bounded at 1,000). */
export const jobsQuery = queryOptions({
  queryKey: launchKeys.jobs,
  queryFn: async () => (await unwrap(api.GET("/api/jobs/", { params: { query: { limit: 1000 } } }))).results,
  staleTime: 30_000,
});

/** Materializable assets matching the words typed in the picker (the first 50). */
export function assetSearchQuery(q: string) {
  return queryOptions({
    queryKey: launchKeys.assetSearch(q),
    queryFn: async () => {
      const query = q.trim() ? { q: q.trim(), limit: 50 } : { limit: 50 };
      return unwrap(api.GET("/api/assets/", { params: { query } }));
    },
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** One asset with its config schema, node name and partitions definition. */
export function assetDetailQuery(key: string) {
  return queryOptions({
    queryKey: launchKeys.asset(key),
    queryFn: () => unwrap(api.GET("/api/assets/{key}/", { params: { path: { key } } })),
    staleTime: 30_000,
  });
}

/** `POST /api/runs/`: the created run, or an `ApiError` whose 400 body names each wrong field. */
export function useLaunchRun() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: LaunchRequest) => unwrap(api.POST("/api/runs/", { body })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["runs"] });
    },
  });
}
