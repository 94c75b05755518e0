/**
 * A large synthetic asset graph for performance checks: `assets` assets in `groups` groups,
 * each depending on up to three earlier ones (mostly in its own group, sometimes in an earlier
 * group), some partitioned, statuses mixed. Deterministic for a given seed.
 */
import type { ApiGraph, ApiGraphNode, AssetStatus } from "./model";

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATUSES: AssetStatus[] = ["MATERIALIZED", "MATERIALIZED", "MATERIALIZED", "NEVER_MATERIALIZED", "FAILED", "IN_PROGRESS"];
const KINDS = ["python", "sql", "pandas", "dbt", "spark"];

export interface SyntheticOptions {
  assets: number;
  groups?: number;
  seed?: number;
}

export function syntheticGraph({ assets, groups = 10, seed = 1 }: SyntheticOptions): ApiGraph {
  const random = mulberry32(seed);
  const perGroup = Math.ceil(assets / groups);
  const nodes: ApiGraphNode[] = [];
  const edges: { source: string; target: string }[] = [];
  for (let i = 0; i < assets; i++) {
    const g = Math.floor(i / perGroup);
    const key = `g${String(g).padStart(2, "0")}/asset_${String(i).padStart(5, "0")}`;
    const partitioned = random() < 0.1;
    const status = STATUSES[Math.floor(random() * STATUSES.length)] ?? "MATERIALIZED";
    nodes.push({
      key,
      location: "synthetic",
      group: `group_${String(g).padStart(2, "0")}`,
      kinds: [KINDS[i % KINDS.length] ?? "python"],
      is_materializable: true,
      is_partitioned: partitioned,
      status,
      description: "",
      latest_materialization_at: status === "MATERIALIZED" ? new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString() : null,
      latest_run_id: null,
      partition_counts: partitioned ? { total: 365, materialized: 200, failed: 5, in_progress: 0, missing: 160 } : null,
    });
    const start = g * perGroup;
    const deps = i === start ? 0 : Math.floor(random() * 4);
    for (let d = 0; d < deps; d++) {
      const crossGroup = g > 0 && random() < 0.15;
      const lo = crossGroup ? 0 : start;
      const hi = crossGroup ? start : i;
      // Mostly recent assets, so the graph is deep rather than a star.
      const j = Math.max(lo, hi - 1 - Math.floor(random() * Math.min(hi - lo, 40)));
      if (j < i) edges.push({ source: nodes[j]?.key ?? "", target: key });
    }
  }
  return { locations: [{ name: "synthetic", fingerprint: `s${assets}-${groups}-${seed}` }], nodes, edges };
}
