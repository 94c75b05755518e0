/** Hooks that stream a run's events and a step's compute log into React state. */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ApiError, api, unwrap } from "../client";
import { type ComputeLogChunk, ComputeLogReader, type ComputeLogState } from "./computeLogReader";
import { EventLog, EventStream, type RunEvent } from "./eventLog";
import { runKeys } from "./runs";

/** Events after which the run's steps or status changed: the run is read again at once. */
const LIFECYCLE = /^(RUN_|STEP_(START|SUCCESS|FAILURE|SKIPPED|UP_FOR_RETRY))/;

export interface RunEventsState {
  log: EventLog;
  /** Bumps whenever events were appended. */
  version: number;
  finished: boolean;
  error: unknown;
}

/** Polls `events/?after=cursor` every 500 ms until the run has finished and every event is read. */
export function useRunEvents(runId: string, intervalMs = 500): RunEventsState {
  const client = useQueryClient();
  // One log per mounted run page: the page is keyed by run id, so another run starts afresh.
  const [log] = useState(() => new EventLog());
  const [state, setState] = useState<{ version: number; finished: boolean; error: unknown }>({
    version: 0,
    finished: false,
    error: null,
  });

  useEffect(() => {
    const stream = new EventStream(
      log,
      (after, limit, signal) =>
        unwrap(api.GET("/api/runs/{id}/events/", { params: { path: { id: runId }, query: { after, limit } }, signal })),
      {
        intervalMs,
        onUpdate: ({ added, finished, error }) => {
          setState((prev) => ({ version: prev.version + (added.length ? 1 : 0), finished, error }));
          if (error instanceof ApiError && error.status < 500) stream.stop();
          if (added.some((event: RunEvent) => LIFECYCLE.test(event.type)) || finished) {
            void client.invalidateQueries({ queryKey: runKeys.detail(runId) });
          }
        },
      },
    );
    stream.start();
    return () => stream.stop();
  }, [client, log, runId, intervalMs]);

  return { log, ...state };
}

export type ComputeLogStream = "stdout" | "stderr";

/** Streams one step's stdout or stderr by offset while it runs; stops when the file is complete. */
export function useComputeLog(runId: string, stepKey: string | null, stream: ComputeLogStream, intervalMs = 500) {
  const [state, setState] = useState<ComputeLogState | null>(null);
  useEffect(() => {
    setState(null);
    if (!stepKey) return;
    const reader = new ComputeLogReader((offset, signal) => readComputeLog(runId, stepKey, stream, offset, signal), {
      intervalMs,
      onUpdate: (next) => {
        setState(next);
        if (next.error instanceof ApiError && next.error.status < 500) reader.stop();
      },
    });
    reader.start();
    return () => reader.stop();
  }, [runId, stepKey, stream, intervalMs]);
  return state;
}

export const COMPUTE_LOG_CHUNK = 65536;

async function readComputeLog(
  runId: string,
  step: string,
  stream: ComputeLogStream,
  offset: number,
  signal: AbortSignal,
): Promise<ComputeLogChunk> {
  const query = new URLSearchParams({ step, stream, offset: String(offset), limit: String(COMPUTE_LOG_CHUNK) });
  const response = await fetch(`/api/runs/${encodeURIComponent(runId)}/compute-logs/read/?${query}`, {
    credentials: "same-origin",
    signal,
  });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body as ComputeLogChunk;
}
