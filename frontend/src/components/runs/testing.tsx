/**
 * Test helpers of the runs pages: runs, and rendering in a router (the API client
 * of tests is `@/test/testApi`).
 */
import type { Run, RunDetail } from "@/api/runs/runs";

export { json, requests, setHandler } from "@/test/testApi";

export function makeRun(overrides: Partial<Run> & { id: string }): Run {
  return {
    status: "SUCCESS",
    is_finished: true,
    location_name: "ui_project",
    job_name: "__ASSET_JOB",
    asset_selection: ["revenue_by_user"],
    partition_key: null,
    partition_range: null,
    tags: {},
    executor: "in_process",
    created_by: "admin",
    created_at: "2026-01-01T12:00:00Z",
    start_time: "2026-01-01T12:00:01Z",
    end_time: "2026-01-01T12:00:04Z",
    parent_run_id: null,
    root_run_id: null,
    failure_reason: "",
    ...overrides,
  };
}

export function makeRunDetail(overrides: Partial<RunDetail> & { id: string }): RunDetail {
  return {
    ...makeRun(overrides),
    run_config: {},
    step_selection: null,
    steps: [],
    materialized_asset_keys: [],
    ...overrides,
  };
}

export { renderAt } from "@/test/render";
