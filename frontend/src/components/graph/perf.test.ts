/**
 * Timings of the graph's pure work at 2,000 and 10,000 assets (model, view, layout, flow
 * nodes). Skipped unless VITE_GRAPH_PERF=1; prints figures, asserts only that work completes.
 *   VITE_GRAPH_PERF=1 npx vitest run src/components/graph/perf.test.ts
 */
import ELK from "elkjs/lib/elk.bundled.js";
import { flowEdges, flowNodes } from "./flow";
import { computeLayout, fingerprint, layoutInput } from "./layout";
import { buildModel, buildView, computeHighlight } from "./model";
import { syntheticGraph } from "./synthetic";

const enabled = import.meta.env.VITE_GRAPH_PERF === "1";

function time<T>(label: string, run: () => T): T {
  const started = performance.now();
  const result = run();
  console.log(`${label}: ${(performance.now() - started).toFixed(1)} ms`);
  return result;
}

async function timeAsync<T>(label: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  console.log(`${label}: ${(performance.now() - started).toFixed(1)} ms`);
  return result;
}

describe.skipIf(!enabled)("graph performance", () => {
  for (const assets of [2_000, 10_000]) {
    it(`handles ${assets} assets`, { timeout: 300_000 }, async () => {
      const elk = new ELK();
      const graph = syntheticGraph({ assets, groups: 10 });
      const model = time(`${assets}: model`, () => buildModel(graph));
      const collapsedView = time(`${assets}: collapsed view`, () => buildView(model, { collapsed: new Set(model.groupOrder) }));
      const collapsedLayout = await timeAsync(`${assets}: collapsed layout`, () => computeLayout(layoutInput(collapsedView), elk));
      const view = time(`${assets}: expanded view`, () => buildView(model, { collapsed: new Set() }));
      const input = time(`${assets}: layout input + fingerprint`, () => {
        const i = layoutInput(view);
        fingerprint(i);
        return i;
      });
      const layout = await timeAsync(`${assets}: expanded layout`, () => computeLayout(input, elk));
      const first = model.keys[Math.floor(model.keys.length / 2)] ?? "";
      const highlight = time(`${assets}: highlight`, () => computeHighlight(model, new Set([first])));
      const nodes = time(`${assets}: flow nodes`, () => flowNodes(model, view, layout, highlight));
      time(`${assets}: flow edges`, () => flowEdges(view, highlight));
      const previous = new Map(nodes.map((n) => [n.id, n]));
      time(`${assets}: flow nodes again (reused)`, () => flowNodes(model, view, layout, highlight, {}, previous));
      expect(nodes.length).toBe(assets + 10);
      expect(Object.keys(collapsedLayout.groups)).toHaveLength(10);
    });
  }
});
