/**
 * What the graph's component tests need beyond jsdom (import it first in a test): the geometry
 * APIs @xyflow/react measures with, a sized viewport, and a small asset graph.
 */
import type { ApiGraph, ApiGraphNode } from "./model";

class DOMMatrixReadOnlyStub {
  readonly m22 = 1;
}

if (!("DOMMatrixReadOnly" in globalThis)) {
  Object.defineProperty(globalThis, "DOMMatrixReadOnly", { value: DOMMatrixReadOnlyStub, writable: true });
}

// jsdom lays nothing out: give every element a size so the canvas has a viewport to draw in.
Object.defineProperties(HTMLElement.prototype, {
  offsetWidth: { configurable: true, get: () => 1200 },
  offsetHeight: { configurable: true, get: () => 800 },
});
if (!("getBBox" in SVGElement.prototype)) {
  Object.defineProperty(SVGElement.prototype, "getBBox", {
    configurable: true,
    value: () => ({ x: 0, y: 0, width: 0, height: 0 }),
  });
}

function node(key: string, group: string, extra: Partial<ApiGraphNode> = {}): ApiGraphNode {
  return {
    key,
    location: "seed",
    group,
    kinds: [],
    is_materializable: true,
    is_partitioned: false,
    status: "NEVER_MATERIALIZED",
    description: "",
    latest_materialization_at: null,
    latest_run_id: null,
    partition_counts: null,
    ...extra,
  };
}

export { node as graphNode };

/** The seed example's graph (raw → analytics → reports), with a few statuses. */
export function seedGraph(): ApiGraph {
  return {
    locations: [{ name: "seed", fingerprint: "f1" }],
    nodes: [
      node("raw_users", "raw", { status: "MATERIALIZED", kinds: ["pandas"], latest_materialization_at: "2024-01-01T00:00:00Z" }),
      node("raw_orders", "raw", { status: "MATERIALIZED" }),
      node("daily_events", "raw", {
        is_partitioned: true,
        partition_counts: { total: 10, materialized: 3, failed: 1, in_progress: 0, missing: 6 },
      }),
      node("revenue_by_user", "analytics", { kinds: ["python"] }),
      node("dim_users", "warehouse"),
      node("broken_report", "reports", { status: "FAILED" }),
    ],
    edges: [
      { source: "raw_users", target: "revenue_by_user" },
      { source: "raw_orders", target: "revenue_by_user" },
      { source: "raw_users", target: "dim_users" },
      { source: "revenue_by_user", target: "broken_report" },
    ],
  };
}
