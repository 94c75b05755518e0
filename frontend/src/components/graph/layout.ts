/**
 * Layered (left-to-right) layout of the lineage view, in two levels: each expanded group's
 * assets inside its box, then the groups (boxes and collapsed groups) among themselves.
 * Runs in the layout worker; pure apart from the ELK engine it is handed, so tests call it directly.
 *
 * ELK's layered algorithm lays out a group of up to `ELK_MAX_NODES` connected assets; larger ones use
 * `fastLayered` (longest-path layers, barycentre ordering), which stays in tens of milliseconds
 * at thousands of nodes where ELK takes seconds. Assets with no edge inside the group are put
 * in a grid under the layered part instead of one endless column.
 */
import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api";
import { type GraphView, isGroupId } from "./model";

export const ASSET_WIDTH = 240;
export const ASSET_HEIGHT = 76;
export const COLLAPSED_WIDTH = 260;
export const COLLAPSED_HEIGHT = 88;
export const GROUP_HEADER = 46;
export const GROUP_PADDING = 18;
const LAYER_GAP = 72;
const NODE_GAP = 22;
const GROUP_LAYER_GAP = 110;
const GROUP_GAP = 48;
export const ELK_MAX_NODES = 150;

export interface ElkEngine {
  layout(graph: ElkNode): Promise<ElkNode>;
}

export interface LayoutBox {
  id: string;
  width: number;
  height: number;
}

export interface LayoutGroupInput {
  id: string;
  collapsed: boolean;
  nodes: LayoutBox[];
  /** Asset edges inside the group. */
  edges: [string, string][];
}

/** What the worker lays out: the view without its data (ids, sizes, edges). */
export interface LayoutInput {
  groups: LayoutGroupInput[];
  /** Edges between groups (aggregated from the asset edges that cross them). */
  edges: [string, string][];
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LayoutResult {
  /** Groups (boxes and collapsed groups), in absolute coordinates. */
  groups: Record<string, Rect>;
  /** Assets of expanded groups, relative to their group's box. */
  nodes: Record<string, Rect>;
  width: number;
  height: number;
}

export function layoutInput(view: GraphView): LayoutInput {
  const groupOf = new Map<string, string>();
  for (const group of view.groups) for (const key of group.keys) groupOf.set(key, group.id);
  const inner = new Map<string, [string, string][]>();
  const outer = new Set<string>();
  const edges: [string, string][] = [];
  for (const edge of view.edges) {
    const sg = isGroupId(edge.source) ? edge.source : groupOf.get(edge.source);
    const tg = isGroupId(edge.target) ? edge.target : groupOf.get(edge.target);
    if (!sg || !tg) continue;
    if (sg === tg) {
      const list = inner.get(sg) ?? [];
      list.push([edge.source, edge.target]);
      inner.set(sg, list);
    } else if (!outer.has(`${sg}\u2192${tg}`)) {
      outer.add(`${sg}\u2192${tg}`);
      edges.push([sg, tg]);
    }
  }
  return {
    groups: view.groups.map((g) => ({
      id: g.id,
      collapsed: g.collapsed,
      nodes: g.collapsed ? [] : g.keys.map((id) => ({ id, width: ASSET_WIDTH, height: ASSET_HEIGHT })),
      edges: inner.get(g.id) ?? [],
    })),
    edges,
  };
}

/** A stable text fingerprint of a layout input (two 32-bit FNV-1a hashes), for caching. */
export function fingerprint(input: LayoutInput): string {
  return hashText(JSON.stringify(input));
}

export function hashText(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return `${(a >>> 0).toString(36)}${(b >>> 0).toString(36)}-${text.length.toString(36)}`;
}

interface Placed {
  positions: Map<string, { x: number; y: number }>;
  width: number;
  height: number;
}

export type InnerCache = Map<string, Placed>;

export async function computeLayout(input: LayoutInput, elk: ElkEngine, cache?: InnerCache): Promise<LayoutResult> {
  const nodes: Record<string, Rect> = {};
  const boxes: LayoutBox[] = [];
  for (const group of input.groups) {
    if (group.collapsed) {
      boxes.push({ id: group.id, width: COLLAPSED_WIDTH, height: COLLAPSED_HEIGHT });
      continue;
    }
    const key = cache ? hashText(JSON.stringify([group.nodes, group.edges])) : "";
    let placed = cache?.get(key);
    if (!placed) {
      placed = await layered(group.nodes, group.edges, elk, LAYER_GAP, NODE_GAP);
      cache?.set(key, placed);
    }
    const sizes = new Map(group.nodes.map((n) => [n.id, n]));
    for (const [id, p] of placed.positions) {
      const size = sizes.get(id);
      if (!size) continue;
      nodes[id] = { x: p.x + GROUP_PADDING, y: p.y + GROUP_HEADER + GROUP_PADDING / 2, width: size.width, height: size.height };
    }
    boxes.push({
      id: group.id,
      width: Math.max(placed.width + 2 * GROUP_PADDING, COLLAPSED_WIDTH),
      height: placed.height + GROUP_HEADER + GROUP_PADDING * 1.5,
    });
  }
  const top = await layered(boxes, input.edges, elk, GROUP_LAYER_GAP, GROUP_GAP);
  const groups: Record<string, Rect> = {};
  for (const box of boxes) {
    const p = top.positions.get(box.id) ?? { x: 0, y: 0 };
    groups[box.id] = { x: p.x, y: p.y, width: box.width, height: box.height };
  }
  return { groups, nodes, width: top.width, height: top.height };
}

/** Lays out boxes left to right along the edges; positions start at (0, 0). */
export async function layered(
  boxes: LayoutBox[],
  edges: [string, string][],
  elk: ElkEngine,
  layerGap: number,
  nodeGap: number,
): Promise<Placed> {
  const ids = new Set(boxes.map((b) => b.id));
  const usable = edges.filter(([s, t]) => s !== t && ids.has(s) && ids.has(t));
  const linked = new Set<string>();
  for (const [s, t] of usable) {
    linked.add(s);
    linked.add(t);
  }
  const connected = boxes.filter((b) => linked.has(b.id));
  const isolated = boxes.filter((b) => !linked.has(b.id));
  const main =
    connected.length === 0
      ? { positions: new Map<string, { x: number; y: number }>(), width: 0, height: 0 }
      : connected.length <= ELK_MAX_NODES
        ? await elkLayered(connected, usable, elk, layerGap, nodeGap)
        : fastLayered(connected, usable, layerGap, nodeGap);
  if (isolated.length === 0) return main;
  // The unconnected ones in a grid under the rest: tall rather than wide, so that edges
  // leaving them to the right cross few neighbours.
  const cellW = Math.max(...isolated.map((b) => b.width)) + nodeGap;
  const cellH = Math.max(...isolated.map((b) => b.height)) + nodeGap;
  const columns = Math.max(1, Math.ceil(Math.sqrt((isolated.length * cellH) / (cellW * 3))));
  const top = main.height > 0 ? main.height + layerGap / 2 : 0;
  const positions = new Map(main.positions);
  isolated.forEach((box, i) => {
    positions.set(box.id, { x: (i % columns) * cellW, y: top + Math.floor(i / columns) * cellH });
  });
  const rows = Math.ceil(isolated.length / columns);
  return {
    positions,
    width: Math.max(main.width, columns * cellW - nodeGap),
    height: top + rows * cellH - nodeGap,
  };
}

async function elkLayered(
  boxes: LayoutBox[],
  edges: [string, string][],
  elk: ElkEngine,
  layerGap: number,
  nodeGap: number,
): Promise<Placed> {
  const elkEdges: ElkExtendedEdge[] = edges.map(([s, t], i) => ({ id: `e${i}`, sources: [s], targets: [t] }));
  const result = await elk.layout({
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.layered.spacing.nodeNodeBetweenLayers": String(layerGap),
      "elk.spacing.nodeNode": String(nodeGap),
      "elk.spacing.componentComponent": String(nodeGap * 2),
      "elk.layered.nodePlacement.strategy": "NETWORK_SIMPLEX",
      "elk.layered.crossingMinimization.strategy": "LAYER_SWEEP",
      "elk.layered.thoroughness": "4",
      "elk.edgeRouting": "POLYLINE",
      "elk.padding": "[top=0,left=0,bottom=0,right=0]",
    },
    children: boxes.map((b) => ({ id: b.id, width: b.width, height: b.height })),
    edges: elkEdges,
  });
  const positions = new Map<string, { x: number; y: number }>();
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  for (const child of result.children ?? []) {
    minX = Math.min(minX, child.x ?? 0);
    minY = Math.min(minY, child.y ?? 0);
  }
  let width = 0;
  let height = 0;
  const sizes = new Map(boxes.map((b) => [b.id, b]));
  for (const child of result.children ?? []) {
    const x = (child.x ?? 0) - minX;
    const y = (child.y ?? 0) - minY;
    const size = sizes.get(child.id);
    positions.set(child.id, { x, y });
    width = Math.max(width, x + (size?.width ?? 0));
    height = Math.max(height, y + (size?.height ?? 0));
  }
  return { positions, width, height };
}

/**
 * A quick layered layout for large graphs: cycles broken by depth-first search, longest-path
 * layers, four barycentre sweeps to order each layer, then each node placed at the mean height
 * of its upstream neighbours without overlapping the one above it.
 */
export function fastLayered(boxes: LayoutBox[], edges: [string, string][], layerGap: number, nodeGap: number): Placed {
  const n = boxes.length;
  const index = new Map(boxes.map((b, i) => [b.id, i]));
  const out: number[][] = Array.from({ length: n }, () => []);
  for (const [s, t] of edges) {
    const a = index.get(s);
    const b = index.get(t);
    if (a !== undefined && b !== undefined && a !== b) out[a]?.push(b);
  }
  // Break cycles: an edge to a node still on the DFS stack is reversed.
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  const forward: number[][] = Array.from({ length: n }, () => []);
  for (let root = 0; root < n; root++) {
    if (state[root] !== 0) continue;
    const stack: [number, number][] = [[root, 0]];
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (!top) break;
      const [v, i] = top;
      const targets = out[v] ?? [];
      if (i >= targets.length) {
        state[v] = 2;
        stack.pop();
        continue;
      }
      top[1] = i + 1;
      const w = targets[i] ?? 0;
      if (state[w] === 1) forward[w]?.push(v);
      else {
        forward[v]?.push(w);
        if (state[w] === 0) {
          state[w] = 1;
          stack.push([w, 0]);
        }
      }
    }
  }
  const preds: number[][] = Array.from({ length: n }, () => []);
  const indegree = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    for (const w of forward[v] ?? []) {
      preds[w]?.push(v);
      indegree[w] = (indegree[w] ?? 0) + 1;
    }
  }
  // Longest-path layering in topological order.
  const layer = new Int32Array(n);
  const queue: number[] = [];
  for (let v = 0; v < n; v++) if (indegree[v] === 0) queue.push(v);
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head] ?? 0;
    for (const w of forward[v] ?? []) {
      layer[w] = Math.max(layer[w] ?? 0, (layer[v] ?? 0) + 1);
      indegree[w] = (indegree[w] ?? 0) - 1;
      if (indegree[w] === 0) queue.push(w);
    }
  }
  // Pull sources right, next to their first consumer, so they don't pile up in layer 0.
  for (let head = queue.length - 1; head >= 0; head--) {
    const v = queue[head] ?? 0;
    const next = forward[v] ?? [];
    if ((preds[v] ?? []).length === 0 && next.length > 0) {
      let min = Number.POSITIVE_INFINITY;
      for (const w of next) min = Math.min(min, layer[w] ?? 0);
      layer[v] = min - 1;
    }
  }
  const layerCount = Math.max(0, ...layer) + 1;
  const layers: number[][] = Array.from({ length: layerCount }, () => []);
  for (const v of queue) layers[layer[v] ?? 0]?.push(v);
  const rank = new Float64Array(n);
  const setRanks = (list: number[]) => list.forEach((v, i) => (rank[v] = i / Math.max(1, list.length - 1)));
  for (const list of layers) setRanks(list);
  const succs = forward;
  const barycentre = (v: number, neighbours: number[] | undefined): number => {
    if (!neighbours || neighbours.length === 0) return rank[v] ?? 0;
    let sum = 0;
    for (const w of neighbours) sum += rank[w] ?? 0;
    return sum / neighbours.length;
  };
  for (let sweep = 0; sweep < 4; sweep++) {
    const down = sweep % 2 === 0;
    for (let k = 0; k < layerCount; k++) {
      const list = layers[down ? k : layerCount - 1 - k];
      if (!list) continue;
      const keyed = list.map((v) => ({ v, key: barycentre(v, down ? preds[v] : succs[v]) }));
      keyed.sort((a, b) => a.key - b.key);
      keyed.forEach((item, i) => (list[i] = item.v));
      setRanks(list);
    }
  }
  // Coordinates: layers left to right; in each, nodes at their upstream's mean height.
  const xs: number[] = [];
  let x = 0;
  for (const list of layers) {
    xs.push(x);
    let widest = 0;
    for (const v of list) widest = Math.max(widest, boxes[v]?.width ?? 0);
    x += widest + layerGap;
  }
  const y = new Float64Array(n);
  for (const list of layers) {
    let bottom = Number.NEGATIVE_INFINITY;
    let drift = 0;
    for (const v of list) {
      const h = boxes[v]?.height ?? 0;
      const p = preds[v] ?? [];
      let want = bottom === Number.NEGATIVE_INFINITY ? 0 : bottom;
      if (p.length > 0) {
        let sum = 0;
        for (const w of p) sum += (y[w] ?? 0) + (boxes[w]?.height ?? 0) / 2;
        want = sum / p.length - h / 2;
      }
      const placed = Math.max(want, bottom);
      drift += want - placed;
      y[v] = placed;
      bottom = placed + h + nodeGap;
    }
    // Shift the layer back up by the mean amount it was pushed down.
    const shift = list.length > 0 ? drift / list.length : 0;
    for (const v of list) y[v] = (y[v] ?? 0) + shift;
  }
  let minY = Number.POSITIVE_INFINITY;
  for (let v = 0; v < n; v++) minY = Math.min(minY, y[v] ?? 0);
  const positions = new Map<string, { x: number; y: number }>();
  let width = 0;
  let height = 0;
  boxes.forEach((box, v) => {
    const px = xs[layer[v] ?? 0] ?? 0;
    const py = (y[v] ?? 0) - minY;
    positions.set(box.id, { x: px, y: py });
    width = Math.max(width, px + box.width);
    height = Math.max(height, py + box.height);
  });
  return { positions, width, height };
}

/** The absolute rectangle of a node (an asset inside its group's box, or a group). */
export function absoluteRect(layout: LayoutResult, nodeId: string, groupOfAsset: string | undefined): Rect | null {
  const group = layout.groups[nodeId];
  if (group) return group;
  const rect = layout.nodes[nodeId];
  if (!rect || !groupOfAsset) return null;
  const parent = layout.groups[groupOfAsset];
  if (!parent) return null;
  return { x: parent.x + rect.x, y: parent.y + rect.y, width: rect.width, height: rect.height };
}
