/** The asset page's lineage tab: the asset's neighbourhood in the graph, to a chosen depth. */
import "./controls.css";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { Link, useNavigate } from "react-router";
import { assetGraphQuery } from "@/api/assets/graph";
import { ErrorMessage } from "@/components/common/ErrorMessage";
import { Loading } from "@/components/common/Loading";
import { assetPath } from "@/lib/format";
import { LineageCanvas } from "./LineageCanvas";
import { buildModel, buildView, type Direction, neighbourhood } from "./model";

const DEPTHS = [1, 2, 3, 4, 5] as const;
const ALL = Number.POSITIVE_INFINITY;

/** The CLI selection that names the same neighbourhood (`++a++`, `*a`, ...). */
export function neighbourhoodSelection(key: string, direction: Direction, depth: number): string {
  const op = depth === ALL ? "*" : "+".repeat(depth);
  return `${direction === "downstream" ? "" : op}${key}${direction === "upstream" ? "" : op}`;
}

export function AssetLineageTab({ assetKey }: { assetKey: string }) {
  const graph = useQuery(assetGraphQuery);
  const model = useMemo(() => (graph.data ? buildModel(graph.data) : null), [graph.data]);
  const navigate = useNavigate();
  const [direction, setDirection] = useState<Direction>("both");
  const [depth, setDepth] = useState<number>(1);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());

  const keys = useMemo(() => (model ? neighbourhood(model, assetKey, direction, depth) : null), [model, assetKey, direction, depth]);
  const view = useMemo(() => (model && keys ? buildView(model, { collapsed, visible: keys }) : null), [model, keys, collapsed]);
  const toggleGroup = useCallback((id: string) => {
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  if (graph.error) return <ErrorMessage error={graph.error} title="The asset graph could not be loaded" />;
  if (!model || !view || !keys) return <Loading label="Loading the lineage…" />;
  if (!model.assets.has(assetKey)) {
    return <div className="empty">This asset is not in the graph of the loaded code locations.</div>;
  }

  return (
    <div className="lineage-tab">
      <div className="lineage-tab-toolbar toolbar">
        <div className="lineage-segmented" role="group" aria-label="Direction">
          {(
            [
              ["both", "Upstream and downstream"],
              ["upstream", "Upstream"],
              ["downstream", "Downstream"],
            ] as const
          ).map(([value, label]) => (
            <button
              key={value}
              type="button"
              className="btn btn-sm"
              aria-pressed={direction === value}
              onClick={() => setDirection(value)}
            >
              {label}
            </button>
          ))}
        </div>
        <div className="lineage-segmented" role="group" aria-label="Graph depth">
          <span className="lineage-segmented-label">Depth</span>
          {DEPTHS.map((d) => (
            <button key={d} type="button" className="btn btn-sm" aria-pressed={depth === d} onClick={() => setDepth(d)}>
              {d}
            </button>
          ))}
          <button type="button" className="btn btn-sm" aria-pressed={depth === ALL} onClick={() => setDepth(ALL)}>
            All
          </button>
        </div>
        <span className="muted" data-testid="lineage-tab-count">
          {keys.size.toLocaleString()} {keys.size === 1 ? "asset" : "assets"}
        </span>
        <div className="lineage-tab-spacer" />
        <Link className="btn btn-sm" to={`/lineage?select=${encodeURIComponent(neighbourhoodSelection(assetKey, direction, depth))}`}>
          Open in the lineage graph
        </Link>
      </div>
      {keys.size === 1 && (
        <p className="muted lineage-tab-note">
          {direction === "both" ? "No upstream or downstream assets." : `No ${direction} assets.`}
        </p>
      )}
      <div className="lineage-tab-canvas">
        <LineageCanvas
          model={model}
          view={view}
          selected={selected}
          onSelect={setSelected}
          onToggleGroup={toggleGroup}
          onOpen={(key) => navigate(assetPath(key))}
          anchorKey={assetKey}
          linkNodes
          fitSeq={`${assetKey}|${direction}|${depth}`}
          label={`Lineage of ${assetKey}`}
        />
      </div>
    </div>
  );
}
