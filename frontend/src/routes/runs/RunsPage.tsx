/** /runs: every run, newest first, filtered from the URL (deep-linkable), live while any is unfinished. */
import { useQuery } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import { Link, useSearchParams } from "react-router";
import { type RunsFilter, hasFilters, parseRunsFilter, runsFilterToParams } from "@/api/runs/filters";
import { IMPLICIT_ASSET_JOB, RUNS_PAGE_SIZE, jobsQuery, runsListQuery } from "@/api/runs/runs";
import { ErrorMessage } from "@/components/common/ErrorMessage";
import { Loading } from "@/components/common/Loading";
import { RunsFilters } from "@/components/runs/RunsFilters";
import { RunsTable } from "@/components/runs/RunsTable";
import { useNow } from "@/components/runs/useNow";
import { formatCount } from "@/lib/format";

export default function RunsPage() {
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => parseRunsFilter(params), [params]);
  const setFilter = useCallback((next: RunsFilter) => setParams(runsFilterToParams(next)), [setParams]);

  const runs = useQuery(runsListQuery(filter));
  const jobs = useQuery(jobsQuery);
  const jobNames = useMemo(
    () => [...new Set((jobs.data?.results ?? []).map((j) => j.name).filter((n) => n !== IMPLICIT_ASSET_JOB))].sort(),
    [jobs.data],
  );
  const live = runs.data?.results.some((run) => !run.is_finished) ?? false;
  const now = useNow(live);

  const count = runs.data?.count ?? 0;
  const pages = Math.max(1, Math.ceil(count / RUNS_PAGE_SIZE));
  const first = (filter.page - 1) * RUNS_PAGE_SIZE;

  return (
    <div className="page runs-page">
      <div className="page-header">
        <h1>Runs</h1>
        <div className="toolbar">
          {live && (
            <span className="runs-live" role="status">
              <span className="runs-live-dot" aria-hidden="true" /> live
            </span>
          )}
          {runs.data && (
            <span className="muted" data-testid="runs-count">
              {formatCount(count)} {count === 1 ? "run" : "runs"}
            </span>
          )}
        </div>
      </div>
      <RunsFilters
        filter={filter}
        onChange={setFilter}
        jobs={jobNames}
        textSearch={false}
      />
      {runs.error ? (
        <ErrorMessage error={runs.error} title="The runs could not be read" />
      ) : runs.isPending ? (
        <Loading label="Reading the runs…" />
      ) : runs.data.results.length === 0 ? (
        <div className="card empty runs-empty" data-testid="runs-empty">
          {hasFilters(filter) ? (
            <>
              <strong>No run matches these filters.</strong>
              <div>
                <button type="button" className="btn" onClick={() => setFilter({ ...filter, statuses: [], job: "", asset: "", tags: [], q: "", createdAfter: "", createdBefore: "", page: 1 })}>
                  Clear all filters
                </button>
              </div>
            </>
          ) : (
            <>
              <strong>No run yet.</strong>
              <div>
                Materialize assets from the <Link to="/assets">catalog</Link> or the <Link to="/lineage">lineage graph</Link>, or
                launch a job from the <Link to="/launchpad">launchpad</Link>.
              </div>
            </>
          )}
        </div>
      ) : (
        <div className="card runs-table-card">
          <RunsTable runs={runs.data.results} now={now} onTag={(tag) => filter.tags.includes(tag) || setFilter({ ...filter, tags: [...filter.tags, tag], page: 1 })} />
          <nav className="runs-pager" aria-label="Pages of runs">
            <span className="muted">
              {formatCount(first + 1)}–{formatCount(first + runs.data.results.length)} of {formatCount(count)}
            </span>
            <button type="button" className="btn btn-sm" disabled={filter.page <= 1} onClick={() => setFilter({ ...filter, page: filter.page - 1 })}>
              ← Newer
            </button>
            <span className="muted">
              Page {filter.page} of {pages}
            </span>
            <button type="button" className="btn btn-sm" disabled={filter.page >= pages} onClick={() => setFilter({ ...filter, page: filter.page + 1 })}>
              Older →
            </button>
          </nav>
        </div>
      )}
    </div>
  );
}
