/**
 * The launchpad: a job or an asset selection (`?job=` / `?assets=a,b`), its partition
 * (`&partition=key` or `&partition=first...last`), the run config in YAML or JSON with the
 * schema's completion and errors on their field, tags, and "Launch run" → the run's page.
 * The config text and tags are kept per target in sessionStorage, so a reload keeps them.
 */
import { useQueries, useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { stringify } from "yaml";
import { useCan, useMe } from "@/api/auth";
import { ApiError } from "@/api/client";
import { assetDetailQuery, assetSearchQuery, jobsQuery, type LaunchRequest, useLaunchRun } from "@/api/launch";
import { ErrorMessage } from "@/components/common/ErrorMessage";
import { ConfigEditor, type ConfigEditorHandle } from "@/components/launchpad/ConfigEditor";
import { type ConfigLanguage, parseConfig } from "@/components/launchpad/configDocument";
import { asJsonSchema, type ConfigNode, runConfigSchema } from "@/components/launchpad/configSchema";
import type { EditorProblem } from "@/components/launchpad/editorSetup";
import { ErrorsPanel } from "@/components/launchpad/ErrorsPanel";
import { launchErrors } from "@/components/launchpad/launchErrors";
import { type PartitionChoice, PartitionPicker } from "@/components/launchpad/PartitionPicker";
import { partitionsInfo } from "@/components/launchpad/partitions";
import { scaffoldMissing, scaffoldNode } from "@/components/launchpad/scaffold";
import { SchemaPanel } from "@/components/launchpad/SchemaPanel";
import { type TagRow, TagsEditor, tagsToObject } from "@/components/launchpad/TagsEditor";
import { type Target, TargetPicker } from "@/components/launchpad/TargetPicker";
import { assetPath, runPath } from "@/lib/format";
import "./launchpad.css";

const RANGE_SEPARATOR = "...";

export function targetFromParams(params: URLSearchParams): Target {
  const job = params.get("job");
  if (job) return { kind: "job", job };
  const assets = (params.get("assets") ?? "")
    .split(",")
    .map((key) => key.trim())
    .filter(Boolean);
  return { kind: "assets", keys: [...new Set(assets)] };
}

export function partitionFromParams(params: URLSearchParams): PartitionChoice {
  const value = params.get("partition") ?? "";
  const at = value.indexOf(RANGE_SEPARATOR);
  if (at > 0) return { mode: "range", start: value.slice(0, at), end: value.slice(at + RANGE_SEPARATOR.length) };
  return { mode: "key", key: value };
}

function targetId(target: Target): string {
  return target.kind === "job" ? `job:${target.job}` : `assets:${[...target.keys].sort().join(",")}`;
}

interface Draft {
  text: string;
  language: ConfigLanguage;
  tags: TagRow[];
}

const DRAFT_PREFIX = "orchestrator.launchpad.";

export function loadDraft(target: Target): Draft | null {
  try {
    const raw = sessionStorage.getItem(DRAFT_PREFIX + targetId(target));
    if (!raw) return null;
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== "object" || parsed === null) return null;
    const text = "text" in parsed && typeof parsed.text === "string" ? parsed.text : "";
    const language: ConfigLanguage = "language" in parsed && parsed.language === "json" ? "json" : "yaml";
    const tags =
      "tags" in parsed && Array.isArray(parsed.tags)
        ? parsed.tags.flatMap((row: unknown) =>
            typeof row === "object" && row !== null && "key" in row && "value" in row
              ? [{ key: String(row.key), value: String(row.value) }]
              : [],
          )
        : [];
    return { text, language, tags };
  } catch {
    return null;
  }
}

function emptyDraft(): Draft {
  return { text: "", language: "yaml", tags: [] };
}

function saveDraft(owner: string, draft: Draft) {
  try {
    sessionStorage.setItem(DRAFT_PREFIX + owner, JSON.stringify(draft));
  } catch {
    // Storage full or refused: the draft lives on in the page only.
  }
}

function convert(text: string, from: ConfigLanguage, to: ConfigLanguage): string | null {
  if (from === to) return text;
  const parsed = parseConfig(text, from);
  if (parsed.value === undefined) return null;
  const value = parsed.value ?? {};
  if (to === "json") return `${JSON.stringify(value, null, 2)}\n`;
  return typeof value === "object" && Object.keys(value).length ? stringify(value) : "";
}


export default function LaunchpadPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const canLaunch = useCan("launch");
  const me = useMe();
  const target = useMemo(() => targetFromParams(params), [params]);
  const partition = useMemo(() => partitionFromParams(params), [params]);
  const id = targetId(target);

  // The draft belongs to one target; choosing another loads that target's draft (during render).
  const [held, setHeld] = useState<{ owner: string; draft: Draft }>(() => ({ owner: id, draft: loadDraft(target) ?? emptyDraft() }));
  let draft = held.draft;
  if (held.owner !== id) {
    draft = loadDraft(target) ?? emptyDraft();
    setHeld({ owner: id, draft });
  }
  const setDraft = useCallback(
    (next: Draft | ((current: Draft) => Draft)) =>
      setHeld((current) => ({ owner: current.owner, draft: typeof next === "function" ? next(current.draft) : next })),
    [],
  );
  useEffect(() => {
    saveDraft(held.owner, held.draft);
  }, [held]);

  const [search, setSearch] = useState("");
  const [problems, setProblems] = useState<EditorProblem[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [triedLaunch, setTriedLaunch] = useState(false);
  const editor = useRef<ConfigEditorHandle>(null);

  const jobs = useQuery(jobsQuery);
  const searchResults = useQuery({ ...assetSearchQuery(search), enabled: target.kind === "assets" });
  const job = target.kind === "job" ? jobs.data?.find((j) => j.name === target.job) : undefined;
  const assetKeys = target.kind === "assets" ? target.keys : (job?.asset_keys ?? []);
  const details = useQueries({ queries: assetKeys.map((key) => assetDetailQuery(key)) });
  const assets = details.flatMap((query) => (query.data ? [query.data] : []));
  const detailError = details.find((query) => query.error)?.error;
  const loadingDetails = details.some((query) => query.isPending);

  const nodes: ConfigNode[] = useMemo(() => {
    if (job && !job.is_asset_job) return job.ops.map((op) => ({ name: op, schema: null, unknown: true }));
    const seen = new Map<string, ConfigNode>();
    for (const asset of assets) {
      const existing = seen.get(asset.node_name);
      if (existing) existing.description = `${existing.description}, ${asset.key}`;
      else seen.set(asset.node_name, { name: asset.node_name, schema: asJsonSchema(asset.config_schema), description: asset.key });
    }
    return [...seen.values()];
    // `assets` is rebuilt each render; its content is what matters.
  }, [job, assets.map((a) => `${a.key}:${a.node_name}`).join("|")]);
  const schema = useMemo(() => runConfigSchema(nodes), [nodes]);

  const partitionsDef = job ? job.partitions : assets.find((asset) => asset.partitions)?.partitions;
  const partitions = useMemo(() => partitionsInfo(partitionsDef), [JSON.stringify(partitionsDef ?? null)]);

  const launch = useLaunchRun();
  const errors = useMemo(() => launchErrors(launch.error), [launch.error]);
  const [serverConfigErrors, setServerConfigErrors] = useState(errors.config);
  useEffect(() => setServerConfigErrors(errors.config), [errors]);

  const updateParams = useCallback(
    (next: Target, choice: PartitionChoice | null) => {
      const out = new URLSearchParams();
      if (next.kind === "job") {
        if (next.job) out.set("job", next.job);
      } else if (next.keys.length) out.set("assets", next.keys.join(","));
      if (choice) {
        const value = choice.mode === "key" ? choice.key : `${choice.start}${RANGE_SEPARATOR}${choice.end}`;
        if (value && value !== RANGE_SEPARATOR) out.set("partition", value);
      }
      setParams(out, { replace: true });
    },
    [setParams],
  );

  const onTarget = (next: Target) => {
    launch.reset();
    setTriedLaunch(false);
    updateParams(next, partition);
  };
  const onPartition = (choice: PartitionChoice) => updateParams(target, choice);

  const onLanguage = (language: ConfigLanguage) => {
    const text = convert(draft.text, draft.language, language);
    if (text === null) {
      setNotice(`The ${draft.language.toUpperCase()} does not parse: fix it before switching to ${language.toUpperCase()}.`);
      return;
    }
    setNotice(null);
    setServerConfigErrors([]);
    setDraft({ ...draft, text, language });
  };

  const onScaffold = () => {
    const result = scaffoldMissing(draft.text, draft.language, schema);
    if (result.error) setNotice(result.error);
    else if (!result.added.length) setNotice("No required field is missing.");
    else {
      setNotice(`Added ${result.added.map((path) => `run_config.${path}`).join(", ")}: replace the placeholders.`);
      setDraft({ ...draft, text: result.text });
    }
    editor.current?.focus();
  };

  const onInsertNode = (node: string) => {
    const result = scaffoldNode(draft.text, draft.language, schema, node);
    if (result.error) setNotice(result.error);
    else if (result.added.length) {
      setNotice(null);
      setDraft({ ...draft, text: result.text });
    } else setNotice(`ops.${node}.config is already in the config.`);
    editor.current?.focus();
  };

  const targetReady = target.kind === "job" ? Boolean(target.job) : target.keys.length > 0;

  const onLaunch = () => {
    setTriedLaunch(true);
    setNotice(null);
    const parsed = parseConfig(draft.text, draft.language);
    if (parsed.value === undefined) {
      setNotice(`The run config does not parse: ${parsed.problems[0]?.message ?? ""}`);
      editor.current?.reveal(parsed.problems[0]?.from ?? 0);
      return;
    }
    const body: LaunchRequest = { executor: "in_process", run_config: {}, tags: tagsToObject(draft.tags) };
    const value = parsed.value;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) body.run_config = Object.fromEntries(Object.entries(value));
    else if (value !== null) {
      setNotice("The run config must be a mapping of sections (ops, resources, execution, loggers).");
      return;
    }
    if (target.kind === "job") {
      body.job = target.job;
      if (job) body.location = job.location;
    } else {
      body.selection = target.keys;
      const locations = new Set(assets.map((asset) => asset.location));
      const [only] = [...locations];
      if (locations.size === 1 && only) body.location = only;
    }
    if (partitions) {
      if (partition.mode === "key" && partition.key) body.partition_key = partition.key;
      if (partition.mode === "range" && partition.start && partition.end) body.partition_range = [partition.start, partition.end];
    }
    launch.mutate(body, { onSuccess: (run) => navigate(runPath(run.id)) });
  };

  const requestErrors = { ...errors.fields };
  const partitionErrors = [...(requestErrors.partition_key ?? []), ...(requestErrors.partition_range ?? [])];
  delete requestErrors.partition_key;
  delete requestErrors.partition_range;
  const tagErrors = requestErrors.tags ?? [];
  delete requestErrors.tags;
  if (!partitions && partitionErrors.length) requestErrors.partition_key = partitionErrors;
  const otherFailure = launch.error && !(launch.error instanceof ApiError && launch.error.status === 400) ? launch.error : null;

  const summary =
    target.kind === "job" ? (
      <>
        Job <span className="mono">{target.job}</span>
        {job ? ` · ${job.asset_keys.length || job.ops.length} ${job.is_asset_job ? "assets" : "ops"}` : ""}
      </>
    ) : target.keys.length ? (
      <>
        {target.keys.length === 1 ? "Asset " : `${target.keys.length} assets: `}
        {target.keys.slice(0, 4).map((key, i) => (
          <span key={key}>
            {i > 0 && ", "}
            <Link className="mono" to={assetPath(key)}>
              {key}
            </Link>
          </span>
        ))}
        {target.keys.length > 4 && ` and ${target.keys.length - 4} more`}
      </>
    ) : (
      "Choose a job or assets to launch."
    );

  return (
    <div className="page launchpad-page">
      <div className="page-header">
        <div>
          <h1>Launchpad</h1>
          <div className="muted launchpad-summary">{summary}</div>
        </div>
        <div className="toolbar">
          {canLaunch ? (
            <button
              type="button"
              className="btn btn-primary launchpad-launch"
              onClick={onLaunch}
              disabled={!targetReady || launch.isPending}
            >
              {launch.isPending ? "Launching…" : "Launch run"}
            </button>
          ) : (
            <div className="launchpad-role-note" role="note">
              Your role ({me.data?.role ?? "viewer"}) can prepare a launch but not start it: launching needs the launcher
              role.
            </div>
          )}
        </div>
      </div>

      {otherFailure && <ErrorMessage error={otherFailure} title="The run was not launched" />}
      {jobs.error && <ErrorMessage error={jobs.error} title="Jobs cannot be read" />}
      {detailError && <ErrorMessage error={detailError} title="An asset cannot be read" />}
      {target.kind === "job" && target.job && jobs.data && !job && (
        <div className="alert alert-warning" role="alert">
          No job named <span className="mono">{target.job}</span> in any code location.
        </div>
      )}

      <div className="launchpad-grid">
        <div className="launchpad-main">
          <div className="card launchpad-setup">
            <div className="card-body launchpad-setup-body">
              <TargetPicker
                target={target}
                onChange={onTarget}
                jobs={jobs.data ?? []}
                search={search}
                onSearch={setSearch}
                results={searchResults.data?.results ?? []}
                searching={searchResults.isFetching}
              />
              {partitions && (
                <PartitionPicker
                  info={partitions}
                  choice={partition}
                  onChange={onPartition}
                  serverErrors={partitionErrors}
                  showProblem={triedLaunch || Boolean(params.get("partition"))}
                />
              )}
            </div>
          </div>

          <section className="card launchpad-config" aria-labelledby="launchpad-config-title">
            <div className="card-header">
              <h2 id="launchpad-config-title" className="launchpad-section-title">
                Run config
              </h2>
              <div className="toolbar">
                <div className="launchpad-segmented" role="radiogroup" aria-label="Config language">
                  {(["yaml", "json"] as const).map((language) => (
                    <label key={language} className={draft.language === language ? "active" : undefined}>
                      <input
                        type="radio"
                        name="config-language"
                        value={language}
                        checked={draft.language === language}
                        onChange={() => onLanguage(language)}
                      />
                      {language.toUpperCase()}
                    </label>
                  ))}
                </div>
                <button type="button" className="btn btn-sm" onClick={onScaffold} disabled={loadingDetails}>
                  Scaffold missing config
                </button>
                <button
                  type="button"
                  className="btn btn-sm"
                  onClick={() => {
                    setNotice(null);
                    setServerConfigErrors([]);
                    setDraft({ ...draft, text: draft.language === "json" ? "{}\n" : "" });
                  }}
                >
                  Clear
                </button>
              </div>
            </div>
            {notice && (
              <div className="launchpad-notice" role="status">
                {notice}
              </div>
            )}
            <ConfigEditor
              ref={editor}
              value={draft.text}
              language={draft.language}
              schema={loadingDetails ? null : schema}
              serverErrors={serverConfigErrors}
              onChange={(text) => {
                setDraft((current) => (current.text === text ? current : { ...current, text }));
                // The server's errors describe the text as launched: an edit hands over to the checks here.
                setServerConfigErrors((current) => (current.length ? [] : current));
              }}
              onProblems={setProblems}
            />
            <div className="launchpad-editor-foot muted">
              <kbd>Ctrl</kbd>+<kbd>Space</kbd> completes keys from the schema · errors are underlined on their field
            </div>
            <ErrorsPanel
              problems={problems}
              requestErrors={requestErrors}
              onReveal={(problem) => editor.current?.reveal(problem.from, problem.to)}
            />
          </section>
        </div>

        <aside className="launchpad-side">
          <div className="card">
            <div className="card-body">
              {loadingDetails ? <p className="muted">Reading the config schema…</p> : <SchemaPanel nodes={nodes} onInsert={onInsertNode} />}
            </div>
          </div>
          <div className="card">
            <div className="card-body">
              <TagsEditor rows={draft.tags} onChange={(tags) => setDraft({ ...draft, tags })} serverErrors={tagErrors} />
            </div>
          </div>
        </aside>
      </div>
    </div>
  );
}
