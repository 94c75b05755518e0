/// <reference lib="webworker" />
/**
 * The lineage layout, off the main thread: receives a `LayoutInput`, answers its `LayoutResult`.
 * Group layouts are cached here by their contents, so expanding one group re-lays only that one.
 */
import ELK from "elkjs/lib/elk.bundled.js";
import { computeLayout, type InnerCache, type LayoutInput, type LayoutResult } from "@/components/graph/layout";

export interface LayoutRequest {
  id: number;
  input: LayoutInput;
}

export type LayoutReply = { id: number; result: LayoutResult; ms: number } | { id: number; error: string };

declare const self: DedicatedWorkerGlobalScope;
const elk = new ELK();
const cache: InnerCache = new Map();
const CACHE_LIMIT = 400;

// elk.bundled.js sets its own `onmessage` when loaded in a worker: this assignment replaces it.
self.onmessage = async (event: MessageEvent<LayoutRequest>) => {
  const { id, input } = event.data;
  // Id 0 only warms ELK up: its first layout pays for loading its algorithms.
  if (id === 0) {
    await elk.layout({ id: "warm", children: [{ id: "a", width: 1, height: 1 }, { id: "b", width: 1, height: 1 }], edges: [{ id: "e", sources: ["a"], targets: ["b"] }], layoutOptions: { "elk.algorithm": "layered" } });
    return;
  }
  const started = performance.now();
  try {
    const result = await computeLayout(input, elk, cache);
    if (cache.size > CACHE_LIMIT) cache.clear();
    const reply: LayoutReply = { id, result, ms: performance.now() - started };
    self.postMessage(reply);
  } catch (error) {
    const reply: LayoutReply = { id, error: error instanceof Error ? error.message : String(error) };
    self.postMessage(reply);
  }
};
