/**
 * The lineage graph's node components: an asset, an expanded group's box, a collapsed group.
 * Zoomed out far, an asset draws as a plain status-coloured block (no text) and a group box
 * shows its name large enough to read.
 */
import { Handle, type NodeProps, Position, type ReactFlowState, useStore } from "@xyflow/react";
import { createContext, memo, useContext } from "react";
import { Link } from "react-router";
import { assetPath, formatRelative } from "@/lib/format";
import type { AssetFlowNode, CollapsedFlowNode, GroupFlowNode } from "./flow";
import type { StatusCounts } from "./model";

/** Below this zoom, assets are drawn without text. */
export const DETAIL_ZOOM = 0.45;

const lowDetail = (s: ReactFlowState) => s.transform[2] < DETAIL_ZOOM;
/** 1 / zoom in quarter steps (a group's label grows as the graph shrinks), at most 8. */
const inverseZoom = (s: ReactFlowState) => Math.min(8, Math.max(1, Math.round((1 / s.transform[2]) * 4) / 4));

export const GroupToggleContext = createContext<(groupId: string) => void>(() => {});

const STATUS_LABEL: Record<string, string> = {
  MATERIALIZED: "Materialized",
  FAILED: "Failed",
  IN_PROGRESS: "Materializing",
  NEVER_MATERIALIZED: "Never materialized",
};

function Handles() {
  return (
    <>
      <Handle type="target" position={Position.Left} isConnectable={false} className="lineage-handle" />
      <Handle type="source" position={Position.Right} isConnectable={false} className="lineage-handle" />
    </>
  );
}

export const AssetNode = memo(function AssetNode({ data, selected }: NodeProps<AssetFlowNode>) {
  const compact = useStore(lowDetail);
  const { asset, role, anchor, link } = data;
  const classes = `lineage-node lineage-status-${asset.status} lineage-role-${role}${selected ? " is-selected" : ""}${anchor ? " is-anchor" : ""}`;
  if (compact) {
    return (
      <div className={`${classes} is-compact`} title={asset.key}>
        <Handles />
      </div>
    );
  }
  const partitions = asset.partitions;
  return (
    <div className={classes}>
      <Handles />
      <div className="lineage-node-title">
        <span className="lineage-dot" aria-hidden="true" />
        {link ? (
          <Link to={assetPath(asset.key)} className="lineage-node-name nodrag" title={asset.key}>
            {asset.label}
          </Link>
        ) : (
          <span className="lineage-node-name" title={asset.key}>
            {asset.label}
          </span>
        )}
      </div>
      <div className="lineage-node-meta">
        {asset.prefix && <span className="lineage-node-prefix">{asset.prefix}</span>}
        {asset.kinds.length > 0 ? asset.kinds.join(" · ") : asset.materializable ? "asset" : "external"}
        {asset.partitioned && !partitions && " · partitioned"}
      </div>
      <div className="lineage-node-foot">
        {partitions ? (
          <>
            <span className="lineage-node-status" title={`${partitions.materialized} of ${partitions.total} partitions materialized`}>
              {partitions.materialized.toLocaleString()} / {partitions.total.toLocaleString()} partitions
            </span>
            {partitions.failed > 0 ? (
              <span className="lineage-failed-count">{partitions.failed.toLocaleString()} failed</span>
            ) : (
              asset.lastMaterializedAt && <span title={asset.lastMaterializedAt}>{formatRelative(asset.lastMaterializedAt)}</span>
            )}
          </>
        ) : (
          <>
            <span className="lineage-node-status">{STATUS_LABEL[asset.status] ?? asset.status}</span>
            {asset.lastMaterializedAt && <span title={asset.lastMaterializedAt}>{formatRelative(asset.lastMaterializedAt)}</span>}
          </>
        )}
      </div>
    </div>
  );
});

export function Counts({ counts }: { counts: StatusCounts }) {
  const items: [keyof StatusCounts, string][] = [
    ["MATERIALIZED", "materialized"],
    ["FAILED", "failed"],
    ["IN_PROGRESS", "materializing"],
    ["NEVER_MATERIALIZED", "never materialized"],
  ];
  return (
    <span className="lineage-counts">
      {items
        .filter(([status]) => counts[status] > 0)
        .map(([status, label]) => (
          <span key={status} className={`lineage-count lineage-status-${status}`} title={`${counts[status]} ${label}`}>
            <span className="lineage-dot" aria-hidden="true" />
            {counts[status].toLocaleString()}
            <span className="sr-only"> {label}</span>
          </span>
        ))}
    </span>
  );
}

export const GroupBoxNode = memo(function GroupBoxNode({ data }: NodeProps<GroupFlowNode>) {
  const toggle = useContext(GroupToggleContext);
  const scale = useStore(inverseZoom);
  const compact = useStore(lowDetail);
  const { group, role, showLocation } = data;
  return (
    <div className={`lineage-group lineage-role-${role}`}>
      <div className="lineage-group-header">
        <button
          type="button"
          className="lineage-group-toggle nodrag nopan"
          onClick={() => toggle(group.id)}
          aria-label={`Collapse group ${group.name}`}
          aria-expanded="true"
        >
          ▾
        </button>
        <span className="lineage-group-name">{group.name}</span>
        {showLocation && <span className="lineage-group-location">{group.location}</span>}
        <span className="lineage-group-size">{group.keys.length.toLocaleString()}</span>
        <Counts counts={group.counts} />
      </div>
      {compact && (
        <div className="lineage-group-watermark" style={{ fontSize: `${Math.round(15 * scale)}px` }} aria-hidden="true">
          {group.name}
        </div>
      )}
    </div>
  );
});

export const CollapsedGroupNode = memo(function CollapsedGroupNode({ data }: NodeProps<CollapsedFlowNode>) {
  const toggle = useContext(GroupToggleContext);
  const scale = useStore(inverseZoom);
  const { group, role, showLocation } = data;
  return (
    <div className={`lineage-collapsed lineage-role-${role}`}>
      <Handles />
      <div className="lineage-collapsed-title" style={scale > 2 ? { fontSize: `${Math.round(7 * scale)}px` } : undefined}>
        <button
          type="button"
          className="lineage-group-toggle nodrag nopan"
          onClick={() => toggle(group.id)}
          aria-label={`Expand group ${group.name}`}
          aria-expanded="false"
        >
          ▸
        </button>
        <span className="lineage-group-name">{group.name}</span>
      </div>
      <div className="lineage-collapsed-meta">
        {group.keys.length.toLocaleString()} {group.keys.length === 1 ? "asset" : "assets"}
        {showLocation && ` · ${group.location}`}
      </div>
      <Counts counts={group.counts} />
    </div>
  );
});

export const nodeTypes = { asset: AssetNode, lineageGroup: GroupBoxNode, collapsedGroup: CollapsedGroupNode };
