/**
 * The laid-out view as @xyflow/react nodes and edges, sized and with handles given up front
 * (nothing is measured in the DOM). Node objects are reused between calls when nothing about
 * them changed, so xyflow and the memoised node components skip them.
 */
import { type Edge, type Node, Position } from "@xyflow/react";
import type { LayoutResult } from "./layout";
import {
  type EdgeHighlight,
  edgeHighlight,
  type GraphModel,
  type GraphView,
  type Highlight,
  type LineageAsset,
  type NodeRole,
  nodeRole,
  type ViewGroup,
} from "./model";

export interface AssetNodeData extends Record<string, unknown> {
  asset: LineageAsset;
  role: NodeRole;
  /** The asset the view is about (the asset page's own asset). */
  anchor: boolean;
  link: boolean;
}

export interface GroupNodeData extends Record<string, unknown> {
  group: ViewGroup;
  role: NodeRole;
  showLocation: boolean;
}

export type AssetFlowNode = Node<AssetNodeData, "asset">;
export type GroupFlowNode = Node<GroupNodeData, "lineageGroup">;
export type CollapsedFlowNode = Node<GroupNodeData, "collapsedGroup">;
export type LineageFlowNode = AssetFlowNode | GroupFlowNode | CollapsedFlowNode;

export interface FlowOptions {
  anchorKey?: string | null;
  link?: boolean;
}

function handles(width: number, height: number) {
  return [
    { type: "target" as const, position: Position.Left, x: 0, y: height / 2 - 0.5, width: 1, height: 1 },
    { type: "source" as const, position: Position.Right, x: width - 1, y: height / 2 - 0.5, width: 1, height: 1 },
  ];
}

function groupRole(h: Highlight, keys: string[]): NodeRole {
  if (h.selected.size === 0) return "none";
  let role: NodeRole = "dim";
  for (const key of keys) {
    if (h.selected.has(key)) return "selected";
    if (role === "dim" && h.upstream.has(key)) role = "upstream";
    else if (role === "dim" && h.downstream.has(key)) role = "downstream";
  }
  return role;
}

/** Nodes in xyflow's order (a group box before its assets). `previous` is the last call's result. */
export function flowNodes(
  model: GraphModel,
  view: GraphView,
  layout: LayoutResult,
  highlight: Highlight,
  options: FlowOptions = {},
  previous?: Map<string, LineageFlowNode>,
): LineageFlowNode[] {
  const nodes: LineageFlowNode[] = [];
  const showLocation = model.locations.length > 1;
  const link = options.link ?? false;
  const anchorKey = options.anchorKey ?? null;
  for (const group of view.groups) {
    const rect = layout.groups[group.id];
    if (!rect) continue;
    const role = groupRole(highlight, group.keys);
    const type = group.collapsed ? "collapsedGroup" : "lineageGroup";
    const old = previous?.get(group.id);
    if (
      old &&
      old.type === type &&
      old.data.role === role &&
      "group" in old.data &&
      sameGroup(old.data.group, group) &&
      old.position.x === rect.x &&
      old.position.y === rect.y &&
      old.width === rect.width &&
      old.height === rect.height
    ) {
      nodes.push(old);
    } else {
      const base = {
        id: group.id,
        position: { x: rect.x, y: rect.y },
        width: rect.width,
        height: rect.height,
        measured: { width: rect.width, height: rect.height },
        data: { group, role, showLocation },
        draggable: false,
        connectable: false,
        ariaLabel: `Group ${group.name}, ${group.keys.length} assets${group.collapsed ? ", collapsed" : ""}`,
      };
      if (group.collapsed) {
        nodes.push({ ...base, type: "collapsedGroup", selectable: false, handles: handles(rect.width, rect.height) });
      } else {
        nodes.push({ ...base, type: "lineageGroup", selectable: false, focusable: false, zIndex: -1 });
      }
    }
    if (group.collapsed) continue;
    for (const key of group.keys) {
      const r = layout.nodes[key];
      const asset = model.assets.get(key);
      if (!r || !asset) continue;
      const role = nodeRole(highlight, key);
      const selected = highlight.selected.has(key);
      const anchor = key === anchorKey;
      const prev = previous?.get(key);
      if (
        prev &&
        prev.type === "asset" &&
        prev.data.asset === asset &&
        prev.data.role === role &&
        prev.data.anchor === anchor &&
        prev.selected === selected &&
        prev.position.x === r.x &&
        prev.position.y === r.y &&
        prev.parentId === group.id
      ) {
        nodes.push(prev);
        continue;
      }
      nodes.push({
        id: key,
        type: "asset",
        parentId: group.id,
        position: { x: r.x, y: r.y },
        width: r.width,
        height: r.height,
        measured: { width: r.width, height: r.height },
        handles: handles(r.width, r.height),
        selected,
        draggable: false,
        connectable: false,
        data: { asset, role, anchor, link },
        ariaLabel: `Asset ${key}, ${asset.status.toLowerCase().replace(/_/g, " ")}`,
      });
    }
  }
  return nodes;
}

function sameGroup(a: ViewGroup, b: ViewGroup): boolean {
  if (a === b) return true;
  return (
    a.id === b.id &&
    a.collapsed === b.collapsed &&
    a.keys.length === b.keys.length &&
    a.counts.MATERIALIZED === b.counts.MATERIALIZED &&
    a.counts.FAILED === b.counts.FAILED &&
    a.counts.IN_PROGRESS === b.counts.IN_PROGRESS &&
    a.counts.NEVER_MATERIALIZED === b.counts.NEVER_MATERIALIZED
  );
}

export interface LineageEdgeData extends Record<string, unknown> {
  count: number;
}

export type LineageFlowEdge = Edge<LineageEdgeData>;

function aggregatedHighlight(h: Highlight, pairs: [string, string][]): EdgeHighlight {
  let found: EdgeHighlight = null;
  for (const [s, t] of pairs) {
    const one = edgeHighlight(h, s, t);
    if (one === "upstream") return one;
    found ??= one;
  }
  return found;
}

export function flowEdges(view: GraphView, highlight: Highlight, previous?: Map<string, LineageFlowEdge>): LineageFlowEdge[] {
  const any = highlight.selected.size > 0;
  return view.edges.map((edge) => {
    const lit = any ? aggregatedHighlight(highlight, edge.pairs) : null;
    const className = lit ? `lineage-edge-${lit}` : any ? "lineage-edge-dim" : "lineage-edge";
    const old = previous?.get(edge.id);
    if (old && old.className === className && old.data?.count === edge.pairs.length) return old;
    const count = edge.pairs.length;
    return {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      className,
      selectable: false,
      focusable: false,
      zIndex: lit ? 2 : 1,
      data: { count },
      ...(count > 1 ? { label: String(count), labelBgPadding: [4, 2] as [number, number], labelBgBorderRadius: 4 } : {}),
    };
  });
}
