/**
 * The global lineage graph: every asset by group, search, the CLI's selection syntax,
 * upstream/downstream highlighting, and launching the selection or everything.
 */
import "./lineage-page.css";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { assetGraphQuery, resolveSelection, useMaterialize } from "@/api/assets/graph";
import { useCan } from "@/api/auth";
import { ErrorMessage } from "@/components/common/ErrorMessage";
import { Loading } from "@/components/common/Loading";
import { AssetSearch } from "@/components/graph/AssetSearch";
import { GroupTree } from "@/components/graph/GroupTree";
import { type FocusRequest, LineageCanvas } from "@/components/graph/LineageCanvas";
import { warmLayout } from "@/components/graph/layoutClient";
import { buildModel, buildView, computeHighlight, type GraphModel, launchPlan } from "@/components/graph/model";
import { SelectionBox } from "@/components/graph/SelectionBox";
import { assetPath, runPath } from "@/lib/format";

/** Above this many assets the graph opens with every group collapsed. */
export const COLLAPSE_ABOVE = 500;

export default function LineagePage() {
  useEffect(() => warmLayout(), []);
  const graph = useQuery(assetGraphQuery);
  const model = useMemo(() => (graph.data ? buildModel(graph.data) : null), [graph.data]);
  return (
    <div className="lineage-page">
      <div className="lineage-page-header">
        <h1>Lineage</h1>
        {model && (
          <span className="muted" data-testid="lineage-summary">
            {model.keys.length.toLocaleString()} assets in {model.groups.size.toLocaleString()}{" "}
            {model.groups.size === 1 ? "group" : "groups"}
          </span>
        )}
      </div>
      {graph.error ? (
        <div className="page">
          <ErrorMessage error={graph.error} title="The asset graph could not be loaded" />
        </div>
      ) : !model ? (
        <Loading label="Loading the asset graph…" />
      ) : model.keys.length === 0 ? (
        <div className="empty">No assets yet: load a code location that defines some.</div>
      ) : (
        <GlobalLineage model={model} />
      )}
    </div>
  );
}

function GlobalLineage({ model }: { model: GraphModel }) {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const canLaunch = useCan("launch");
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() =>
    model.keys.length > COLLAPSE_ABOVE ? new Set(model.groupOrder) : new Set(),
  );
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const [filter, setFilter] = useState<ReadonlySet<string> | null>(null);
  const [onlySelection, setOnlySelection] = useState(false);
  const [focus, setFocus] = useState<FocusRequest | null>(null);
  const [fitSeq, setFitSeq] = useState(0);
  const [treeOpen, setTreeOpen] = useState(true);
  const seq = useRef(0);
  const materialize = useMaterialize();

  const view = useMemo(() => buildView(model, { collapsed, visible: onlySelection ? filter : null }), [model, collapsed, filter, onlySelection]);
  const highlight = useMemo(() => computeHighlight(model, selected), [model, selected]);

  const focusOn = useCallback((keys: string[]) => {
    seq.current += 1;
    setFocus({ keys, seq: seq.current });
  }, []);

  const expandGroupsOf = useCallback(
    (keys: Iterable<string>) => {
      const groups = new Set<string>();
      for (const key of keys) {
        const gid = model.assets.get(key)?.groupId;
        if (gid) groups.add(gid);
      }
      setCollapsed((current) => {
        if (![...groups].some((g) => current.has(g))) return current;
        const next = new Set(current);
        for (const g of groups) next.delete(g);
        return next;
      });
    },
    [model],
  );

  const toggleGroup = useCallback((groupId: string) => {
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(groupId)) next.delete(groupId);
      else next.add(groupId);
      return next;
    });
  }, []);

  const jumpToAsset = useCallback(
    (key: string) => {
      if (onlySelection && filter && !filter.has(key)) setOnlySelection(false);
      expandGroupsOf([key]);
      setSelected(new Set([key]));
      focusOn([key]);
    },
    [expandGroupsOf, focusOn, filter, onlySelection],
  );

  const jumpToGroup = useCallback(
    (groupId: string) => {
      const group = model.groups.get(groupId);
      if (!group) return;
      if (onlySelection) setOnlySelection(false);
      focusOn(group.keys);
    },
    [model, focusOn, onlySelection],
  );

  const selectionExpr = params.get("select") ?? "";
  const [selectionError, setSelectionError] = useState<unknown>(null);
  const [selecting, setSelecting] = useState(false);
  const applySelection = useCallback(
    async (expr: string) => {
      const text = expr.trim();
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (text) next.set("select", text);
          else next.delete("select");
          return next;
        },
        { replace: true },
      );
      setSelectionError(null);
      if (!text) {
        setFilter(null);
        setSelected(new Set());
        return;
      }
      setSelecting(true);
      try {
        const keys = (await resolveSelection(text)).filter((k) => model.assets.has(k));
        const set = new Set(keys);
        setFilter(set);
        setSelected(set);
        if (keys.length > 0 && keys.length <= COLLAPSE_ABOVE) expandGroupsOf(keys);
        if (keys.length > 0) focusOn(keys);
      } catch (error) {
        setSelectionError(error);
      } finally {
        setSelecting(false);
      }
    },
    [model, setParams, expandGroupsOf, focusOn],
  );

  // A link with ?select= applies it on arrival.
  const applied = useRef(false);
  useEffect(() => {
    if (applied.current) return;
    applied.current = true;
    if (selectionExpr) void applySelection(selectionExpr);
  }, [selectionExpr, applySelection]);

  const selectedPlan = useMemo(() => launchPlan(model, selected), [model, selected]);
  const selectedCount = [...selectedPlan.values()].reduce((n, keys) => n + keys.length, 0);

  const launch = (runs: { location: string | null; selection: string[] | "*" }[]) =>
    materialize.mutate(
      { runs },
      {
        onSuccess: (launched) => {
          const only = launched.length === 1 ? launched[0] : undefined;
          navigate(only ? runPath(only.id) : "/runs");
        },
      },
    );
  const single = model.locations.length <= 1;
  const materializeSelected = () =>
    launch([...selectedPlan.entries()].map(([location, keys]) => ({ location: single ? null : location, selection: keys })));
  const materializeAll = () => {
    const locations = [...launchPlan(model, model.keys).keys()];
    launch(locations.map((location) => ({ location: single ? null : location, selection: "*" as const })));
  };

  const allCollapsed = collapsed.size >= model.groups.size;
  const noneCollapsed = collapsed.size === 0;

  return (
    <div className={`lineage-body${treeOpen ? "" : " is-tree-hidden"}`}>
      <div className="lineage-toolbar toolbar">
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => setTreeOpen((o) => !o)}
          aria-expanded={treeOpen}
          aria-controls="lineage-tree"
        >
          {treeOpen ? "Hide tree" : "Show tree"}
        </button>
        <AssetSearch model={model} onChoose={jumpToAsset} />
        <SelectionBox
          initial={selectionExpr}
          busy={selecting}
          error={selectionError}
          onApply={(expr) => void applySelection(expr)}
        />
        <label className="lineage-check">
          <input
            type="checkbox"
            checked={onlySelection}
            disabled={!filter}
            onChange={(e) => {
              setOnlySelection(e.target.checked);
              setFitSeq((n) => n + 1);
            }}
          />
          Only the selection
        </label>
        <div className="lineage-toolbar-spacer" />
        {canLaunch && (
          <>
            <button type="button" className="btn" disabled={selectedCount === 0 || materialize.isPending} onClick={materializeSelected}>
              Materialize selected ({selectedCount})
            </button>
            <button type="button" className="btn btn-primary" disabled={materialize.isPending} onClick={materializeAll}>
              Materialize all
            </button>
          </>
        )}
      </div>
      <div className="lineage-selection-bar" aria-live="polite">
        {selected.size > 0 ? (
          <>
            <span data-testid="lineage-selection-count">
              <strong>{selected.size.toLocaleString()}</strong> selected
            </span>
            <span className="lineage-legend lineage-legend-up">{highlight.upstream.size.toLocaleString()} upstream</span>
            <span className="lineage-legend lineage-legend-down">{highlight.downstream.size.toLocaleString()} downstream</span>
            {selected.size === 1 && (
              <button type="button" className="btn btn-sm" onClick={() => navigate(assetPath([...selected][0] ?? ""))}>
                Open asset
              </button>
            )}
            <button type="button" className="btn btn-sm" onClick={() => setSelected(new Set())}>
              Clear selection
            </button>
          </>
        ) : (
          <span className="muted">Nothing selected</span>
        )}
        <span className="muted lineage-hint">Click selects · Shift-click adds · Shift-drag selects a box · double-click or Enter opens</span>
        {materialize.error && <ErrorMessage error={materialize.error} title="The run could not be launched" />}
      </div>
      <aside className="lineage-side" id="lineage-tree" hidden={!treeOpen}>
        <div className="lineage-side-actions">
          <button type="button" className="btn btn-sm" disabled={allCollapsed} onClick={() => setCollapsed(new Set(model.groupOrder))}>
            Collapse all
          </button>
          <button
            type="button"
            className="btn btn-sm"
            disabled={noneCollapsed}
            onClick={() => {
              setCollapsed(new Set());
              setFitSeq((n) => n + 1);
            }}
          >
            Expand all
          </button>
        </div>
        <GroupTree model={model} onJumpToAsset={jumpToAsset} onJumpToGroup={jumpToGroup} />
      </aside>
      <section className="lineage-main" aria-label="Asset graph">
        <LineageCanvas
          model={model}
          view={view}
          selected={selected}
          onSelect={setSelected}
          onToggleGroup={toggleGroup}
          onOpen={(key) => navigate(assetPath(key))}
          focus={focus}
          fitSeq={fitSeq}
          label="Asset lineage graph"
        />
      </section>
    </div>
  );
}
