/**
 * The asset graph as the lineage views use it, in pure functions (no React, no canvas):
 * normalised assets and groups, adjacency, upstream/downstream walks, neighbourhoods, and the
 * "view" of the graph with collapsed groups (one node per collapsed group, edges aggregated).
 */
import type { Schemas } from "@/api/client";

export type AssetStatus = Schemas["AssetStatus"];

export type ApiPartitionCounts = Schemas["PartitionCounts"];

export type ApiGraphNode = Schemas["AssetGraphNode"];

export type ApiGraph = Schemas["AssetGraph"];

export interface PartitionCounts {
  total: number;
  materialized: number;
  failed: number;
  inProgress: number;
}

export interface LineageAsset {
  key: string;
  /** The key's last path component, the name shown on the node. */
  label: string;
  /** The key's leading path components ("a/b/" of "a/b/c"), or "". */
  prefix: string;
  location: string;
  group: string;
  groupId: string;
  kinds: string[];
  materializable: boolean;
  partitioned: boolean;
  status: AssetStatus;
  description: string;
  lastMaterializedAt: string | null;
  lastRunId: string | null;
  partitions: PartitionCounts | null;
}

export interface LineageGroup {
  id: string;
  name: string;
  location: string;
  keys: string[];
}

export interface GraphModel {
  assets: Map<string, LineageAsset>;
  /** Asset keys in the API's order. */
  keys: string[];
  groups: Map<string, LineageGroup>;
  /** Group ids sorted by location then name. */
  groupOrder: string[];
  /** Upstream keys of each key (its deps). */
  parents: Map<string, string[]>;
  /** Downstream keys of each key. */
  children: Map<string, string[]>;
  edges: [string, string][];
  locations: string[];
  /** Changes when the definitions change (the locations' fingerprints), not when statuses do. */
  fingerprint: string;
}

const GROUP_PREFIX = "group::";

/** The node id of a group (asset keys never start with it: they are path components joined by "/"). */
export function groupId(location: string, group: string): string {
  return `${GROUP_PREFIX}${location}::${group}`;
}

export function isGroupId(id: string): boolean {
  return id.startsWith(GROUP_PREFIX);
}

function partitionCounts(raw: ApiPartitionCounts | null): PartitionCounts | null {
  if (!raw) return null;
  return { total: raw.total, materialized: raw.materialized, failed: raw.failed, inProgress: raw.in_progress };
}

export function buildModel(graph: ApiGraph): GraphModel {
  const assets = new Map<string, LineageAsset>();
  const groups = new Map<string, LineageGroup>();
  const keys: string[] = [];
  for (const node of graph.nodes) {
    if (assets.has(node.key)) continue;
    const cut = node.key.lastIndexOf("/");
    const gid = groupId(node.location, node.group);
    assets.set(node.key, {
      key: node.key,
      label: cut < 0 ? node.key : node.key.slice(cut + 1),
      prefix: cut < 0 ? "" : node.key.slice(0, cut + 1),
      location: node.location,
      group: node.group,
      groupId: gid,
      kinds: node.kinds,
      materializable: node.is_materializable,
      partitioned: node.is_partitioned,
      status: node.status,
      description: node.description,
      lastMaterializedAt: node.latest_materialization_at,
      lastRunId: node.latest_run_id,
      partitions: partitionCounts(node.partition_counts),
    });
    keys.push(node.key);
    let group = groups.get(gid);
    if (!group) {
      group = { id: gid, name: node.group, location: node.location, keys: [] };
      groups.set(gid, group);
    }
    group.keys.push(node.key);
  }
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  const edges: [string, string][] = [];
  const seen = new Set<string>();
  for (const { source, target } of graph.edges) {
    if (source === target || !assets.has(source) || !assets.has(target)) continue;
    const id = `${source}\u0000${target}`;
    if (seen.has(id)) continue;
    seen.add(id);
    edges.push([source, target]);
    push(parents, target, source);
    push(children, source, target);
  }
  const groupOrder = [...groups.values()]
    .sort((a, b) => a.location.localeCompare(b.location) || a.name.localeCompare(b.name))
    .map((g) => g.id);
  const locations = [...new Set(graph.nodes.map((n) => n.location))].sort();
  const fingerprint =
    graph.locations.map((l) => `${l.name}:${l.fingerprint}`).join("|") || `n${keys.length}e${edges.length}`;
  return { assets, keys, groups, groupOrder, parents, children, edges, locations, fingerprint };
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Every key reachable from `start` along `next` (start excluded), at most `depth` steps away. */
export function walk(
  start: Iterable<string>,
  next: Map<string, string[]>,
  depth: number = Number.POSITIVE_INFINITY,
): Set<string> {
  const origin = new Set(start);
  const found = new Set<string>();
  let frontier = [...origin];
  for (let level = 0; level < depth && frontier.length > 0; level++) {
    const following: string[] = [];
    for (const key of frontier) {
      for (const other of next.get(key) ?? []) {
        if (origin.has(other) || found.has(other)) continue;
        found.add(other);
        following.push(other);
      }
    }
    frontier = following;
  }
  return found;
}

export interface Highlight {
  selected: ReadonlySet<string>;
  upstream: ReadonlySet<string>;
  downstream: ReadonlySet<string>;
}

export const NO_HIGHLIGHT: Highlight = { selected: new Set(), upstream: new Set(), downstream: new Set() };

/** The whole upstream and downstream of the selected keys. */
export function computeHighlight(model: GraphModel, selected: ReadonlySet<string>): Highlight {
  if (selected.size === 0) return NO_HIGHLIGHT;
  return {
    selected,
    upstream: walk(selected, model.parents),
    downstream: walk(selected, model.children),
  };
}

export type EdgeHighlight = "upstream" | "downstream" | null;

/** Whether the asset edge source → target lies on a path into or out of the selection. */
export function edgeHighlight(h: Highlight, source: string, target: string): EdgeHighlight {
  if (h.selected.size === 0) return null;
  if (h.upstream.has(source) && (h.selected.has(target) || h.upstream.has(target))) return "upstream";
  if (h.downstream.has(target) && (h.selected.has(source) || h.downstream.has(source))) return "downstream";
  return null;
}

export type NodeRole = "selected" | "upstream" | "downstream" | "dim" | "none";

export function nodeRole(h: Highlight, key: string): NodeRole {
  if (h.selected.size === 0) return "none";
  if (h.selected.has(key)) return "selected";
  if (h.upstream.has(key)) return "upstream";
  if (h.downstream.has(key)) return "downstream";
  return "dim";
}

export type Direction = "both" | "upstream" | "downstream";

/** The key and its neighbours up to `depth` steps upstream and/or downstream. */
export function neighbourhood(model: GraphModel, key: string, direction: Direction, depth: number): Set<string> {
  const keys = new Set<string>([key]);
  if (!model.assets.has(key)) return keys;
  if (direction !== "downstream") for (const k of walk([key], model.parents, depth)) keys.add(k);
  if (direction !== "upstream") for (const k of walk([key], model.children, depth)) keys.add(k);
  return keys;
}

export interface StatusCounts {
  MATERIALIZED: number;
  FAILED: number;
  IN_PROGRESS: number;
  NEVER_MATERIALIZED: number;
}

export function statusCounts(model: GraphModel, keys: Iterable<string>): StatusCounts {
  const counts: StatusCounts = { MATERIALIZED: 0, FAILED: 0, IN_PROGRESS: 0, NEVER_MATERIALIZED: 0 };
  for (const key of keys) {
    const asset = model.assets.get(key);
    if (asset) counts[asset.status] += 1;
  }
  return counts;
}

export interface ViewGroup {
  id: string;
  name: string;
  location: string;
  /** The group's keys that the view shows. */
  keys: string[];
  collapsed: boolean;
  counts: StatusCounts;
}

export interface ViewEdge {
  id: string;
  /** Node ids: an asset key, or a group id when that end's group is collapsed. */
  source: string;
  target: string;
  /** The asset edges this edge stands for (more than one when aggregated). */
  pairs: [string, string][];
}

export interface GraphView {
  groups: ViewGroup[];
  edges: ViewEdge[];
  /** Which node shows each visible asset: itself, or its collapsed group. */
  nodeOf: Map<string, string>;
  assetCount: number;
}

export interface ViewOptions {
  collapsed: ReadonlySet<string>;
  /** Show only these keys (a filter or a neighbourhood); null shows all. */
  visible?: ReadonlySet<string> | null;
}

/** The graph to draw: expanded groups hold their assets, a collapsed group is one node. */
export function buildView(model: GraphModel, { collapsed, visible = null }: ViewOptions): GraphView {
  const groups: ViewGroup[] = [];
  const nodeOf = new Map<string, string>();
  let assetCount = 0;
  for (const id of model.groupOrder) {
    const group = model.groups.get(id);
    if (!group) continue;
    const keys = visible ? group.keys.filter((k) => visible.has(k)) : group.keys;
    if (keys.length === 0) continue;
    const isCollapsed = collapsed.has(id);
    for (const key of keys) nodeOf.set(key, isCollapsed ? id : key);
    assetCount += keys.length;
    groups.push({ id, name: group.name, location: group.location, keys, collapsed: isCollapsed, counts: statusCounts(model, keys) });
  }
  const byId = new Map<string, ViewEdge>();
  const edges: ViewEdge[] = [];
  for (const pair of model.edges) {
    const source = nodeOf.get(pair[0]);
    const target = nodeOf.get(pair[1]);
    if (source === undefined || target === undefined || source === target) continue;
    const id = `${source}\u2192${target}`;
    const existing = byId.get(id);
    if (existing) {
      existing.pairs.push(pair);
    } else {
      const edge: ViewEdge = { id, source, target, pairs: [pair] };
      byId.set(id, edge);
      edges.push(edge);
    }
  }
  return { groups, edges, nodeOf, assetCount };
}

/** Keys whose name, key or group contains the query (case-insensitive), best matches first. */
export function searchAssets(model: GraphModel, query: string, limit = 50): LineageAsset[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const scored: { asset: LineageAsset; score: number }[] = [];
  for (const asset of model.assets.values()) {
    const label = asset.label.toLowerCase();
    const key = asset.key.toLowerCase();
    let score: number;
    if (label === q || key === q) score = 0;
    else if (label.startsWith(q)) score = 1;
    else if (key.includes(q)) score = 2;
    else if (asset.group.toLowerCase().includes(q)) score = 3;
    else continue;
    scored.push({ asset, score });
  }
  scored.sort((a, b) => a.score - b.score || a.asset.key.localeCompare(b.asset.key));
  return scored.slice(0, limit).map((s) => s.asset);
}

/** Materializable keys of the selection, per code location (a run targets one location). */
export function launchPlan(model: GraphModel, keys: Iterable<string>): Map<string, string[]> {
  const plan = new Map<string, string[]>();
  for (const key of keys) {
    const asset = model.assets.get(key);
    if (asset?.materializable) push(plan, asset.location, key);
  }
  return plan;
}
