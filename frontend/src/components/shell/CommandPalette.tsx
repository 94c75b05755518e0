/**
 * Ctrl-K: jump to any asset, job, run or page. The asset keys come from the catalog's cached list
 * and are ranked client-side (10,000 keys in well under a frame); runs match by id prefix among
 * the recent ones, and a full pasted run id opens that run. Enter goes, Esc closes, focus is
 * trapped inside and given back to where it was.
 */
import { useQuery } from "@tanstack/react-query";
import { Command } from "cmdk";
import { useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { assetKeysQuery, jobsQuery, rank, recentRunsQuery, runIdFrom, type Run } from "@/api/search";
import { StatusBadge } from "@/components/common/StatusBadge";
import { assetPath, formatRelative, runPath } from "@/lib/format";
import "./CommandPalette.css";

export const PAGES: { label: string; path: string; hint: string }[] = [
  { label: "Assets", path: "/assets", hint: "The asset catalog" },
  { label: "Lineage", path: "/lineage", hint: "The global lineage graph" },
  { label: "Runs", path: "/runs", hint: "Every run, newest first" },
  { label: "Launchpad", path: "/launchpad", hint: "Launch a job or assets with run config" },
  { label: "Code locations", path: "/locations", hint: "Load status and reload" },
];

const LIMITS = { assets: 8, jobs: 5, runs: 5, pages: 5 };

export function CommandPalette({ open, onClose }: { open: boolean; onClose: () => void }) {
  const restoreTo = useRef<HTMLElement | null>(null);
  const wasOpen = useRef(false);
  // Captured while rendering the opening, before the dialog moves focus into itself.
  if (open && !wasOpen.current) {
    const active = document.activeElement;
    restoreTo.current = active instanceof HTMLElement && active !== document.body ? active : null;
  }
  wasOpen.current = open;

  useEffect(() => {
    if (open) return;
    const target = restoreTo.current;
    restoreTo.current = null;
    if (!target) return;
    // After the dialog's own focus handling on close.
    const timer = window.setTimeout(() => {
      if (target.isConnected) target.focus();
    }, 0);
    return () => window.clearTimeout(timer);
  }, [open]);

  return (
    <Command.Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) onClose();
      }}
      label="Command palette"
      shouldFilter={false}
      loop
      overlayClassName="palette-overlay"
      contentClassName="palette"
    >
      {open && <PaletteBody onClose={onClose} />}
    </Command.Dialog>
  );
}

function PaletteBody({ onClose }: { onClose: () => void }) {
  const [search, setSearch] = useState("");
  const query = useDeferredValue(search);
  const navigate = useNavigate();
  const assets = useQuery(assetKeysQuery);
  const jobs = useQuery(jobsQuery);
  const runs = useQuery(recentRunsQuery);

  const typed = query.trim() !== "";
  const assetHits = useMemo(
    () => (typed ? rank(assets.data ?? [], query, (key) => key, LIMITS.assets) : []),
    [assets.data, query, typed],
  );
  const jobHits = useMemo(() => rank(jobs.data ?? [], query, (job) => job.name, LIMITS.jobs), [jobs.data, query]);
  const runHits = useMemo(
    () => rank(runs.data ?? [], query, (run: Run) => `${run.id} ${run.job_name}`, LIMITS.runs),
    [runs.data, query],
  );
  const pageHits = useMemo(() => rank(PAGES, query, (page) => page.label, LIMITS.pages), [query]);
  const pastedRun = runIdFrom(query);
  const pastedRunListed = pastedRun !== null && runHits.some((run) => run.id === pastedRun);

  const go = (path: string) => {
    onClose();
    navigate(path);
  };

  const loading = assets.isPending || jobs.isPending || runs.isPending;
  const nothing =
    !loading && assetHits.length === 0 && jobHits.length === 0 && runHits.length === 0 && pageHits.length === 0 && !pastedRun;

  return (
    <>
      <div className="palette-input-row">
        <span aria-hidden="true" className="palette-icon">
          ⌕
        </span>
        <Command.Input
          value={search}
          onValueChange={setSearch}
          placeholder="Jump to an asset, job, run or page…"
          className="palette-input"
          aria-label="Search assets, jobs, runs and pages"
        />
        <kbd className="kbd">Esc</kbd>
      </div>
      <Command.List className="palette-list" label="Results">
        {loading && <Command.Loading label="Loading assets, jobs and runs">Loading…</Command.Loading>}
        {nothing && <div className="palette-empty">Nothing matches “{query.trim()}”.</div>}
        {(assets.error || jobs.error || runs.error) && (
          <div className="palette-empty" role="alert">
            Some results could not be loaded: {(assets.error ?? jobs.error ?? runs.error)?.message}
          </div>
        )}
        {assetHits.length > 0 && (
          <Command.Group heading="Assets">
            {assetHits.map((key) => (
              <Command.Item key={key} value={`asset:${key}`} onSelect={() => go(assetPath(key))}>
                <span className="palette-kind" aria-hidden="true">
                  ▦
                </span>
                <span className="palette-label mono">{key}</span>
              </Command.Item>
            ))}
          </Command.Group>
        )}
        {jobHits.length > 0 && (
          <Command.Group heading="Jobs">
            {jobHits.map((job) => (
              <Command.Item
                key={`${job.location}/${job.name}`}
                value={`job:${job.location}/${job.name}`}
                onSelect={() => go(`/launchpad?job=${encodeURIComponent(job.name)}`)}
              >
                <span className="palette-kind" aria-hidden="true">
                  ⚙
                </span>
                <span className="palette-label">{job.name}</span>
                <span className="palette-hint">
                  {job.asset_keys.length ? `${job.asset_keys.length} assets · ` : ""}
                  {job.location}
                </span>
              </Command.Item>
            ))}
          </Command.Group>
        )}
        {(runHits.length > 0 || (pastedRun && !pastedRunListed)) && (
          <Command.Group heading={typed ? "Runs" : "Recent runs"}>
            {pastedRun && !pastedRunListed && (
              <Command.Item value={`run:${pastedRun}`} onSelect={() => go(runPath(pastedRun))}>
                <span className="palette-kind" aria-hidden="true">
                  ▶
                </span>
                <span className="palette-label mono">Open run {pastedRun}</span>
              </Command.Item>
            )}
            {runHits.map((run) => (
              <Command.Item key={run.id} value={`run:${run.id}`} onSelect={() => go(runPath(run.id))}>
                <span className="palette-kind" aria-hidden="true">
                  ▶
                </span>
                <span className="palette-label">
                  <span className="mono">{run.id.slice(0, 8)}</span> {run.job_name}
                </span>
                <StatusBadge status={run.status} />
                <span className="palette-hint">{formatRelative(run.created_at)}</span>
              </Command.Item>
            ))}
          </Command.Group>
        )}
        {pageHits.length > 0 && (
          <Command.Group heading="Pages">
            {pageHits.map((page) => (
              <Command.Item key={page.path} value={`page:${page.path}`} onSelect={() => go(page.path)}>
                <span className="palette-kind" aria-hidden="true">
                  →
                </span>
                <span className="palette-label">{page.label}</span>
                <span className="palette-hint">{page.hint}</span>
              </Command.Item>
            ))}
          </Command.Group>
        )}
      </Command.List>
      <div className="palette-footer" aria-hidden="true">
        <span>
          <kbd className="kbd">↑</kbd> <kbd className="kbd">↓</kbd> to move
        </span>
        <span>
          <kbd className="kbd">Enter</kbd> to open
        </span>
        <span>
          <kbd className="kbd">Esc</kbd> to close
        </span>
      </div>
    </>
  );
}
