/** /runs/:runId: the run's header, step timeline, steps by state, live event log, stdout/stderr, actions. */
import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { useCan } from "@/api/auth";
import { ApiError } from "@/api/client";
import { type EventFilter, NO_FILTER, firstFailure } from "@/api/runs/eventLog";
import { type RunDetail, runQuery, shortRunId, useCancelRun, useReexecuteRun } from "@/api/runs/runs";
import { type ComputeLogStream, useComputeLog, useRunEvents } from "@/api/runs/useRunEvents";
import { ErrorMessage } from "@/components/common/ErrorMessage";
import { Loading } from "@/components/common/Loading";
import { StatusBadge } from "@/components/common/StatusBadge";
import { ComputeLogView } from "@/components/runs/ComputeLogView";
import { EventLogView } from "@/components/runs/EventLogView";
import { RunActions } from "@/components/runs/RunActions";
import { RunFailure } from "@/components/runs/RunFailure";
import { RunTags, RunTarget } from "@/components/runs/RunTarget";
import { launchedBy } from "@/components/runs/RunsTable";
import { StepGantt } from "@/components/runs/StepGantt";
import { StepList } from "@/components/runs/StepList";
import { useNow } from "@/components/runs/useNow";
import { durationBetween, formatDateTime, formatDuration, runPath } from "@/lib/format";

export default function RunPage() {
  const { runId = "" } = useParams();
  const run = useQuery(runQuery(runId));

  useEffect(() => {
    document.title = `Run ${shortRunId(runId)} · Orchestrator`;
  }, [runId]);

  if (run.error) {
    const missing = run.error instanceof ApiError && (run.error.status === 404 || run.error.status === 400);
    return (
      <div className="page">
        <h1>Run {runId}</h1>
        {missing ? (
          <div className="alert alert-error" role="alert" data-testid="run-not-found">
            <strong>No run {runId}</strong>
            <div>
              It may have been deleted, or the link is wrong. <Link to="/runs">See all runs</Link>.
            </div>
          </div>
        ) : (
          <ErrorMessage error={run.error} title="The run could not be read" />
        )}
      </div>
    );
  }
  if (run.isPending) return <Loading label="Reading the run…" />;
  return <RunView key={runId} run={run.data} />;
}

type Tab = "events" | ComputeLogStream;

function RunView({ run }: { run: RunDetail }) {
  const navigate = useNavigate();
  const canLaunch = useCan("launch");
  const [params, setParams] = useSearchParams();
  const rawTab = params.get("tab");
  const tab: Tab = rawTab === "stdout" || rawTab === "stderr" ? rawTab : "events";
  const step = params.get("step");
  const [levelsAndSearch, setLevelsAndSearch] = useState<Pick<EventFilter, "levels" | "search">>(NO_FILTER);
  const filter = useMemo<EventFilter>(() => ({ ...levelsAndSearch, step }), [levelsAndSearch, step]);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set());

  const setParam = useCallback(
    (key: string, value: string | null) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (value === null || value === "") next.delete(key);
          else next.set(key, value);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const selectStep = useCallback((key: string | null) => setParam("step", key), [setParam]);
  const onFilterChange = useCallback(
    (next: EventFilter) => {
      setLevelsAndSearch({ levels: next.levels, search: next.search });
      if (next.step !== step) selectStep(next.step);
    },
    [selectStep, step],
  );

  const events = useRunEvents(run.id);
  const live = !run.is_finished;
  const now = useNow(live, 250);

  const failure = useMemo(() => {
    void events.version;
    return run.status === "FAILURE" ? firstFailure(events.log) : null;
  }, [events.log, events.version, run.status]);

  const stepKeys = useMemo(() => {
    const keys = new Set(run.steps.map((s) => s.step_key));
    for (const key of events.log.stepCounts.keys()) keys.add(key);
    return [...keys];
  }, [run.steps, events.log, events.version]);

  const logStep = tab === "events" ? null : (step ?? run.steps[0]?.step_key ?? null);
  const computeLog = useComputeLog(run.id, tab === "events" ? null : logStep, tab === "stderr" ? "stderr" : "stdout");

  const cancel = useCancelRun(run.id);
  const reexecute = useReexecuteRun(run.id);
  const actionError = cancel.error ?? reexecute.error;

  return (
    <div className="page runs-run-page">
      <header className="runs-run-header">
        <div className="runs-run-title">
          <nav aria-label="Breadcrumb" className="runs-breadcrumb">
            <Link to="/runs">Runs</Link> <span aria-hidden="true">/</span>
          </nav>
          <h1 className="mono" title={run.id}>
            {shortRunId(run.id)}
          </h1>
          <span data-testid="run-status">
            <StatusBadge status={run.status} />
          </span>
          <RunTarget run={run} max={6} />
        </div>
        {canLaunch && (
          <RunActions
            status={run.status}
            chosenSteps={[...chosen]}
            canceling={cancel.isPending}
            reexecuting={reexecute.isPending}
            onCancel={() => cancel.mutate()}
            onReexecute={(options) =>
              reexecute.mutate(options, { onSuccess: (created) => navigate(runPath(created.id)) })
            }
          />
        )}
      </header>
      <dl className="runs-meta">
        <div>
          <dt>Launched by</dt>
          <dd>{launchedBy(run)}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatDateTime(run.created_at)}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatDateTime(run.start_time)}</dd>
        </div>
        <div>
          <dt>Ended</dt>
          <dd>{run.end_time ? formatDateTime(run.end_time) : live ? "running" : "—"}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd className="mono" data-testid="run-duration">
            {formatDuration(durationBetween(run.start_time, run.end_time, now))}
          </dd>
        </div>
        <div>
          <dt>Location</dt>
          <dd>{run.location_name || "—"}</dd>
        </div>
        {run.parent_run_id && (
          <div>
            <dt>Re-execution of</dt>
            <dd>
              <Link to={runPath(run.parent_run_id)} className="mono">
                {shortRunId(run.parent_run_id)}
              </Link>
              {run.root_run_id && run.root_run_id !== run.parent_run_id && (
                <>
                  {" "}
                  (root{" "}
                  <Link to={runPath(run.root_run_id)} className="mono">
                    {shortRunId(run.root_run_id)}
                  </Link>
                  )
                </>
              )}
            </dd>
          </div>
        )}
        {run.step_selection && (
          <div>
            <dt>Steps selected</dt>
            <dd>{run.step_selection.join(", ")}</dd>
          </div>
        )}
        <div className="runs-meta-tags">
          <dt>Tags</dt>
          <dd>
            <RunTags tags={run.tags} />
          </dd>
        </div>
      </dl>
      {actionError != null && <ErrorMessage error={actionError} title={cancel.error ? "The run could not be canceled" : "The run could not be re-executed"} />}
      {run.status === "FAILURE" && <RunFailure failure={failure} reason={run.failure_reason} onShowStep={selectStep} />}
      <section className="runs-overview card" aria-label="Steps">
        <div className="runs-overview-gantt">
          <h2 className="sr-only">Step timeline</h2>
          <StepGantt
            steps={run.steps}
            runStart={run.start_time}
            runEnd={run.end_time}
            now={now}
            selectedStep={step}
            onSelectStep={selectStep}
          />
        </div>
        <div className="runs-overview-steps">
          <h2 className="sr-only">Steps by state</h2>
          <StepList
            steps={run.steps}
            now={now}
            selectedStep={step}
            onSelectStep={selectStep}
            chosen={canLaunch && run.is_finished ? chosen : null}
            onChoose={setChosen}
          />
        </div>
      </section>
      <section className="runs-logs card" aria-label="Logs">
        <div className="runs-tabs" role="tablist" aria-label="Logs">
          {(["events", "stdout", "stderr"] as const).map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              id={`runs-tab-${name}`}
              aria-controls="runs-tabpanel"
              aria-selected={tab === name}
              className="runs-tab"
              onClick={() => setParam("tab", name === "events" ? null : name)}
            >
              {name === "events" ? "Events" : name}
            </button>
          ))}
          {tab !== "events" && (
            <label className="runs-tabs-step">
              <span className="muted">Step</span>
              <select className="select" value={logStep ?? ""} onChange={(e) => selectStep(e.target.value || null)}>
                {stepKeys.length === 0 && <option value="">No step yet</option>}
                {stepKeys.map((key) => (
                  <option key={key} value={key}>
                    {key}
                  </option>
                ))}
              </select>
            </label>
          )}
          {events.error != null && <span className="runs-tabs-error">Reading events failed; retrying…</span>}
        </div>
        <div id="runs-tabpanel" role="tabpanel" aria-labelledby={`runs-tab-${tab}`} className="runs-tabpanel">
          {tab === "events" ? (
            <EventLogView
              log={events.log}
              version={events.version}
              filter={filter}
              onFilterChange={onFilterChange}
              steps={stepKeys}
              live={!events.finished}
              loading={events.version === 0 && !events.finished && events.error == null}
            />
          ) : (
            <ComputeLogView stream={tab} stepKey={logStep} state={computeLog} />
          )}
        </div>
      </section>
    </div>
  );
}
