/** Code locations: their load status and error, and reloading one (admins). */
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "../client";

export type CodeLocation = Schemas["CodeLocation"];
export type CodeLocationReload = Schemas["CodeLocationReload"];

export const locationKeys = {
  all: ["code-locations"] as const,
  list: () => [...locationKeys.all, "list"] as const,
  detail: (name: string) => [...locationKeys.all, "detail", name] as const,
};

/** While a location is loading the list is polled, so its status changes without a reload. */
export const codeLocationsQuery = queryOptions({
  queryKey: locationKeys.list(),
  queryFn: async () =>
    (await unwrap(api.GET("/api/code-locations/", { params: { query: { limit: 1000 } } }))).results,
  refetchInterval: (query) =>
    query.state.data?.some((location) => location.status === "LOADING") ? 1_000 : false,
});

export function codeLocationQuery(name: string) {
  return queryOptions({
    queryKey: locationKeys.detail(name),
    queryFn: () => unwrap(api.GET("/api/code-locations/{name}/", { params: { path: { name } } })),
  });
}

/** A reload finished once the location's `loaded_at` moved on (or the fingerprint or status changed). */
export function reloadFinished(queued: CodeLocationReload, now: CodeLocation): boolean {
  if (queued.reloaded) return true;
  if (now.status === "LOADING") return false;
  return (
    now.loaded_at !== queued.previous_loaded_at ||
    now.fingerprint !== queued.fingerprint ||
    now.updated_at !== queued.updated_at
  );
}

export const RELOAD_POLL_MS = 700;
export const RELOAD_TIMEOUT_MS = 180_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Queues the reload (202), then polls the location until the reload finished; resolves with the
 * location as loaded (its `status` says whether the load succeeded).
 */
export function useReloadLocation(pollMs = RELOAD_POLL_MS) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (name: string): Promise<CodeLocation> => {
      const queued = await unwrap(api.POST("/api/code-locations/{name}/reload/", { params: { path: { name } } }));
      const deadline = Date.now() + RELOAD_TIMEOUT_MS;
      let current: CodeLocation = queued;
      while (!reloadFinished(queued, current)) {
        if (Date.now() > deadline) throw new Error(`The reload of '${name}' did not finish in ${RELOAD_TIMEOUT_MS / 1000} s.`);
        await sleep(pollMs);
        current = await client.fetchQuery({ ...codeLocationQuery(name), staleTime: 0 });
      }
      return current;
    },
    // New definitions change every page: assets, jobs, the graph.
    onSettled: () => client.invalidateQueries(),
  });
}
