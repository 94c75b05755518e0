/** Runs: query keys, the list and detail queries (polled while unfinished), cancel and re-execute. */
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "../client";
import { type RunsFilter, toIsoDateTime } from "./filters";

export type Run = Schemas["Run"];
export type RunDetail = Schemas["RunDetail"];
export type Step = Schemas["Step"];
export type Job = Schemas["Job"];

export const RUNS_PAGE_SIZE = 30;

export const runKeys = {
  all: ["runs"] as const,
  lists: () => [...runKeys.all, "list"] as const,
  list: (filter: RunsFilter) => [...runKeys.lists(), filter] as const,
  detail: (id: string) => [...runKeys.all, "detail", id] as const,
  jobs: () => ["jobs", "list"] as const,
};

/** The list endpoint's query for a filter and its page. */
export function runsListParams(filter: RunsFilter, pageSize = RUNS_PAGE_SIZE) {
  return {
    status: filter.statuses.length ? filter.statuses : undefined,
    job: filter.job || undefined,
    asset: filter.asset || undefined,
    tag: filter.tags.length ? filter.tags : undefined,
    q: filter.q || undefined,
    created_after: toIsoDateTime(filter.createdAfter),
    created_before: toIsoDateTime(filter.createdBefore),
    limit: pageSize,
    offset: (filter.page - 1) * pageSize,
  };
}

export function runsListQuery(filter: RunsFilter) {
  return queryOptions({
    queryKey: runKeys.list(filter),
    queryFn: ({ signal }) => unwrap(api.GET("/api/runs/", { params: { query: runsListParams(filter) }, signal })),
    placeholderData: keepPreviousData,
    // Live status: every 2 s while a run on the page is unfinished.
    refetchInterval: (query) => (query.state.data?.results.some((run) => !run.is_finished) ? 2000 : false),
  });
}

export function runQuery(id: string) {
  return queryOptions({
    queryKey: runKeys.detail(id),
    queryFn: ({ signal }) => unwrap(api.GET("/api/runs/{id}/", { params: { path: { id } }, signal })),
    refetchInterval: (query) => (query.state.data && !query.state.data.is_finished ? 1000 : false),
  });
}

export const jobsQuery = queryOptions({
  queryKey: runKeys.jobs(),
  queryFn: ({ signal }) => unwrap(api.GET("/api/jobs/", { params: { query: { limit: 500 } }, signal })),
  staleTime: 60_000,
});

export function useCancelRun(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/runs/{id}/cancel/", { params: { path: { id } } })),
    onSuccess: (run) => {
      client.setQueryData(runKeys.detail(id), run);
      void client.invalidateQueries({ queryKey: runKeys.lists() });
    },
  });
}

export interface ReexecuteOptions {
  fromFailure?: boolean;
  /** Only these steps (each must be a step of the run). */
  steps?: string[];
}

export function useReexecuteRun(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (options: ReexecuteOptions) =>
      unwrap(
        api.POST("/api/runs/{id}/reexecute/", {
          params: { path: { id } },
          body: {
            from_failure: options.fromFailure ?? false,
            ...(options.steps ? { step_selection: options.steps } : {}),
          },
        }),
      ),
    onSuccess: (run) => {
      client.setQueryData(runKeys.detail(run.id), run);
      void client.invalidateQueries({ queryKey: runKeys.lists() });
    },
  });
}

/** The asset job's internal name: a run of an asset selection shows its assets instead. */
export const IMPLICIT_ASSET_JOB = "__ASSET_JOB";

export function shortRunId(id: string): string {
  return id.slice(0, 8);
}
