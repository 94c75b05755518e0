/** The asset graph, the CLI's selection syntax resolved by the server, and launching its assets. */
import { queryOptions, useMutation } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "../client";

export const graphKeys = {
  all: ["asset-graph"] as const,
  graph: () => [...graphKeys.all, "graph"] as const,
  selection: (expr: string) => [...graphKeys.all, "selection", expr] as const,
};

export const assetGraphQuery = queryOptions({
  queryKey: graphKeys.graph(),
  queryFn: async ({ signal }) => {
    const graph = await unwrap(api.GET("/api/asset-graph/", { signal }));
    performance.mark("lineage:data", { detail: { nodes: graph.nodes.length } });
    return graph;
  },
  staleTime: 10_000,
  // Statuses change as runs finish: keep the graph fresh while the page is open.
  refetchInterval: 15_000,
});

/** The keys a selection expression (`+a`, `a+`, `group:x`, `kind:python`, `*`, unions) names. */
export async function resolveSelection(expr: string, signal?: AbortSignal): Promise<string[]> {
  const { keys } = await unwrap(api.GET("/api/asset-selection/", { params: { query: { select: expr } }, signal }));
  return keys;
}

export const selectionQuery = (expr: string) =>
  queryOptions({
    queryKey: graphKeys.selection(expr),
    queryFn: ({ signal }) => resolveSelection(expr, signal),
    staleTime: 10_000,
  });

export type RunDetail = Schemas["RunDetail"];

/** One run per code location: the selection of each (a key list, or "*" for all of it). */
export interface MaterializeRequest {
  runs: { location: string | null; selection: string[] | "*" }[];
}

export function useMaterialize() {
  return useMutation({
    mutationFn: async ({ runs }: MaterializeRequest): Promise<RunDetail[]> => {
      const launched: RunDetail[] = [];
      for (const run of runs) {
        launched.push(
          await unwrap(
            api.POST("/api/runs/", {
              body: { selection: run.selection, executor: "in_process", ...(run.location ? { location: run.location } : {}) },
            }),
          ),
        );
      }
      return launched;
    },
  });
}
