/**
 * The lineage graph on a zoomable canvas: lays the view out in the worker, draws only what is
 * in the viewport, highlights the selection's upstream and downstream, and reports selection,
 * group toggles and "open this asset" to its page.
 *
 * Mouse: click selects, Shift-click adds, Shift-drag selects a box, double-click opens.
 * Keyboard: Tab to a node, Enter opens it (or toggles a group), Escape clears the selection.
 */
import "@xyflow/react/dist/style.css";
import "./lineage.css";
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  type NodeChange,
  ReactFlow,
  ReactFlowProvider,
  SelectionMode,
  useReactFlow,
} from "@xyflow/react";
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef } from "react";
import { absoluteRect, layoutInput, type Rect } from "./layout";
import { useLayout } from "./layoutClient";
import {
  flowEdges,
  flowNodes,
  type LineageFlowEdge,
  type LineageFlowNode,
} from "./flow";
import { computeHighlight, type GraphModel, type GraphView, isGroupId } from "./model";
import { GroupToggleContext, nodeTypes } from "./nodes";

export interface FocusRequest {
  /** The assets to bring into view (one is centred, several are fitted). */
  keys: string[];
  /** Changes on every request, so asking for the same key again zooms to it again. */
  seq: number;
}

export interface LineageCanvasProps {
  model: GraphModel;
  view: GraphView;
  selected: ReadonlySet<string>;
  onSelect: (keys: Set<string>) => void;
  onToggleGroup: (groupId: string) => void;
  onOpen: (key: string) => void;
  focus?: FocusRequest | null;
  /** The asset this view is about: drawn emphasised. */
  anchorKey?: string | null;
  /** Asset names are links to their pages. */
  linkNodes?: boolean;
  /** Fit the whole view again when this changes. */
  fitSeq?: number | string;
  label: string;
  /** Called with the layout's duration once a new view is drawn (for diagnostics). */
  onDrawn?: (info: { nodes: number; edges: number }) => void;
}

export function LineageCanvas(props: LineageCanvasProps) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}

const MINIMAP_LIMIT = 4000;
/**
 * Above this many nodes only those in view are rendered. Below it, culling costs more on every pan
 * than it saves (a fitted graph shows every node anyway).
 */
const CULL_ABOVE = 3000;

function minimapClass(node: LineageFlowNode): string {
  if (node.type === "asset") return `lineage-mm lineage-mm-${node.data.asset.status}`;
  if (node.type === "collapsedGroup") return "lineage-mm lineage-mm-collapsed";
  return "lineage-mm lineage-mm-group";
}

function Canvas({
  model,
  view,
  selected,
  onSelect,
  onToggleGroup,
  onOpen,
  focus,
  anchorKey,
  linkNodes,
  fitSeq = 0,
  label,
  onDrawn,
}: LineageCanvasProps) {
  const flow = useReactFlow<LineageFlowNode, LineageFlowEdge>();
  const input = useMemo(() => layoutInput(view), [view]);
  const { ready, laying, error } = useLayout(view, input);
  const highlight = useMemo(() => computeHighlight(model, selected), [model, selected]);

  const previousNodes = useRef(new Map<string, LineageFlowNode>());
  const previousEdges = useRef(new Map<string, LineageFlowEdge>());
  const nodes = useMemo(() => {
    if (!ready) return [];
    const list = flowNodes(model, ready.value, ready.layout, highlight, { anchorKey, link: linkNodes }, previousNodes.current);
    previousNodes.current = new Map(list.map((n) => [n.id, n]));
    return list;
  }, [model, ready, highlight, anchorKey, linkNodes]);
  const edges = useMemo(() => {
    if (!ready) return [];
    const list = flowEdges(ready.value, highlight, previousEdges.current);
    previousEdges.current = new Map(list.map((e) => [e.id, e]));
    return list;
  }, [ready, highlight]);

  // Fit the view when the first layout arrives and when asked to, once the view asked for is drawn.
  const fitted = useRef<number | string | null>(null);
  const current = ready !== null && ready.value === view;
  useEffect(() => {
    if (!current || fitted.current === fitSeq) return;
    fitted.current = fitSeq;
    const frame = requestAnimationFrame(() => {
      void flow.fitView({ padding: 0.12, maxZoom: 1.1, duration: 0 });
    });
    return () => cancelAnimationFrame(frame);
  }, [current, fitSeq, flow]);

  useEffect(() => {
    if (!ready) return;
    performance.mark("lineage:drawn", { detail: { nodes: nodes.length, edges: edges.length } });
    onDrawn?.({ nodes: nodes.length, edges: edges.length });
  }, [ready, nodes.length, edges.length, onDrawn]);

  // Zoom to the asked-for assets once the layout has them.
  const focused = useRef<number | null>(null);
  useEffect(() => {
    if (!focus || !ready || focused.current === focus.seq) return;
    const rects: Rect[] = [];
    for (const key of focus.keys) {
      const nodeId = ready.value.nodeOf.get(key);
      const rect = nodeId ? absoluteRect(ready.layout, nodeId, model.assets.get(key)?.groupId) : null;
      if (rect) rects.push(rect);
    }
    if (rects.length === 0) return;
    focused.current = focus.seq;
    const first = rects[0];
    if (rects.length === 1 && first) {
      void flow.setCenter(first.x + first.width / 2, first.y + first.height / 2, {
        zoom: Math.max(flow.getZoom(), 1),
        duration: 350,
      });
      return;
    }
    const x = Math.min(...rects.map((r) => r.x));
    const y = Math.min(...rects.map((r) => r.y));
    const width = Math.max(...rects.map((r) => r.x + r.width)) - x;
    const height = Math.max(...rects.map((r) => r.y + r.height)) - y;
    void flow.fitBounds({ x, y, width, height }, { padding: 0.2, duration: 350 });
  }, [focus, ready, model, flow]);

  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  const onNodesChange = useCallback(
    (changes: NodeChange<LineageFlowNode>[]) => {
      let next: Set<string> | null = null;
      for (const change of changes) {
        if (change.type !== "select" || isGroupId(change.id)) continue;
        next ??= new Set(selectedRef.current);
        if (change.selected) next.add(change.id);
        else next.delete(change.id);
      }
      if (next && !sameSet(next, selectedRef.current)) onSelect(next);
    },
    [onSelect],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === "Escape" && selectedRef.current.size > 0) {
      onSelect(new Set());
      return;
    }
    if (event.key !== "Enter") return;
    const target = event.target;
    if (!(target instanceof HTMLElement) || !target.classList.contains("react-flow__node")) return;
    const id = target.dataset.id;
    if (!id) return;
    event.preventDefault();
    if (isGroupId(id)) onToggleGroup(id);
    else onOpen(id);
  };

  return (
    <GroupToggleContext.Provider value={onToggleGroup}>
      {/* Enter on a focused node opens it; the nodes themselves are the focusable elements. */}
      <div className="lineage-canvas" onKeyDown={onKeyDown} role="group" aria-label={label}>
        <ReactFlow<LineageFlowNode, LineageFlowEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onNodeDoubleClick={(_, node) => (node.type === "asset" ? onOpen(node.id) : onToggleGroup(node.id))}
          onPaneClick={() => selectedRef.current.size > 0 && onSelect(new Set())}
          onlyRenderVisibleElements={nodes.length > CULL_ABOVE}
          nodesDraggable={false}
          nodesConnectable={false}
          edgesFocusable={false}
          elevateNodesOnSelect={false}
          zoomOnDoubleClick={false}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={["Shift", "Meta", "Control"]}
          selectionMode={SelectionMode.Partial}
          deleteKeyCode={null}
          minZoom={0.02}
          maxZoom={2.5}
          proOptions={{ hideAttribution: true }}
          className="lineage-flow"
        >
          <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
          <Controls showInteractive={false} position="bottom-left" />
          {nodes.length <= MINIMAP_LIMIT && (
            <MiniMap pannable zoomable nodeClassName={minimapClass} position="bottom-right" ariaLabel="Minimap" />
          )}
        </ReactFlow>
        {(laying || !ready) && !error && (
          <div className="lineage-status-overlay" role="status">
            Laying out {view.assetCount.toLocaleString()} assets…
          </div>
        )}
        {error && (
          <div className="lineage-status-overlay alert alert-error" role="alert">
            The graph could not be laid out: {error.message}
          </div>
        )}
      </div>
    </GroupToggleContext.Provider>
  );
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const v of a) if (!b.has(v)) return false;
  return true;
}
