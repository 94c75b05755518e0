import ELK from "elkjs/lib/elk.bundled.js";
import {
  ASSET_HEIGHT,
  ASSET_WIDTH,
  COLLAPSED_WIDTH,
  computeLayout,
  fastLayered,
  fingerprint,
  type InnerCache,
  layered,
  layoutInput,
  type Rect,
} from "./layout";
import { buildModel, buildView, groupId } from "./model";
import { seedGraph } from "./testing";

const elk = new ELK();
const RAW = groupId("seed", "raw");
const ANALYTICS = groupId("seed", "analytics");

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe("layoutInput", () => {
  it("splits edges into those inside a group and those between groups", () => {
    const model = buildModel(seedGraph());
    const input = layoutInput(buildView(model, { collapsed: new Set([RAW]) }));
    expect(input.groups.map((g) => [g.id, g.collapsed, g.nodes.length])).toEqual([
      [ANALYTICS, false, 1],
      [RAW, true, 0],
      [groupId("seed", "reports"), false, 1],
      [groupId("seed", "warehouse"), false, 1],
    ]);
    expect(input.edges).toEqual([
      [RAW, ANALYTICS],
      [RAW, groupId("seed", "warehouse")],
      [ANALYTICS, groupId("seed", "reports")],
    ]);
    expect(fingerprint(input)).toBe(fingerprint(layoutInput(buildView(model, { collapsed: new Set([RAW]) }))));
    expect(fingerprint(input)).not.toBe(fingerprint(layoutInput(buildView(model, { collapsed: new Set() }))));
  });
});

describe("computeLayout", () => {
  it("lays the seed graph out left to right, each asset inside its group's box, nothing overlapping", async () => {
    const model = buildModel(seedGraph());
    const layout = await computeLayout(layoutInput(buildView(model, { collapsed: new Set() })), elk);
    const raw = layout.groups[RAW];
    const analytics = layout.groups[ANALYTICS];
    const reports = layout.groups[groupId("seed", "reports")];
    if (!raw || !analytics || !reports) throw new Error("a group has no box");
    expect(raw.x + raw.width).toBeLessThan(analytics.x);
    expect(analytics.x + analytics.width).toBeLessThan(reports.x);
    const boxes = Object.values(layout.groups);
    for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
    for (const key of ["raw_users", "raw_orders", "daily_events"]) {
      const r = layout.nodes[key];
      if (!r) throw new Error(`${key} has no position`);
      expect([r.width, r.height]).toEqual([ASSET_WIDTH, ASSET_HEIGHT]);
      expect(r.x).toBeGreaterThanOrEqual(0);
      expect(r.y).toBeGreaterThan(0);
      expect(r.x + r.width).toBeLessThanOrEqual(raw.width);
      expect(r.y + r.height).toBeLessThanOrEqual(raw.height);
    }
    const inRaw = ["raw_users", "raw_orders", "daily_events"].map((k) => layout.nodes[k]).filter((r) => r !== undefined);
    for (const [i, a] of inRaw.entries()) for (const b of inRaw.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
  });

  it("sizes a collapsed group as one node and reuses cached group layouts", async () => {
    const model = buildModel(seedGraph());
    const cache: InnerCache = new Map();
    const collapsed = await computeLayout(layoutInput(buildView(model, { collapsed: new Set([RAW]) })), elk, cache);
    expect(collapsed.groups[RAW]?.width).toBe(COLLAPSED_WIDTH);
    expect(collapsed.nodes.raw_users).toBeUndefined();
    const sizeBefore = cache.size;
    await computeLayout(layoutInput(buildView(model, { collapsed: new Set([RAW]) })), elk, cache);
    expect(cache.size).toBe(sizeBefore);
  });
});

describe("layered", () => {
  it("puts an asset right of its deps and unconnected assets in a grid below, one per cell", async () => {
    const boxes = ["a", "b", "c", "x1", "x2", "x3", "x4"].map((id) => ({ id, width: 100, height: 40 }));
    const placed = await layered(boxes, [["a", "b"], ["b", "c"]], elk, 50, 10);
    const p = (id: string) => placed.positions.get(id) ?? { x: NaN, y: NaN };
    expect(p("a").x).toBeLessThan(p("b").x);
    expect(p("b").x).toBeLessThan(p("c").x);
    const chainBottom = Math.max(p("a").y, p("b").y, p("c").y) + 40;
    for (const id of ["x1", "x2", "x3", "x4"]) expect(p(id).y).toBeGreaterThan(chainBottom);
    const cells = new Set(["x1", "x2", "x3", "x4"].map((id) => `${p(id).x},${p(id).y}`));
    expect(cells.size).toBe(4);
  });
});

describe("fastLayered", () => {
  it("layers a DAG by longest path and keeps each layer free of overlaps", () => {
    const boxes = ["a", "b", "c", "d", "e"].map((id) => ({ id, width: 100, height: 40 }));
    const placed = fastLayered(boxes, [["a", "b"], ["a", "c"], ["b", "d"], ["c", "d"], ["d", "e"], ["a", "e"]], 50, 10);
    const x = (id: string) => placed.positions.get(id)?.x;
    expect([x("a"), x("b"), x("c"), x("d"), x("e")]).toEqual([0, 150, 150, 300, 450]);
    const b = placed.positions.get("b");
    const c = placed.positions.get("c");
    if (!b || !c) throw new Error("missing");
    expect(Math.abs(b.y - c.y)).toBeGreaterThanOrEqual(50);
    expect(placed.width).toBe(550);
  });

  it("survives a cycle", () => {
    const boxes = ["a", "b", "c"].map((id) => ({ id, width: 10, height: 10 }));
    const placed = fastLayered(boxes, [["a", "b"], ["b", "c"], ["c", "a"]], 5, 5);
    expect(new Set([...placed.positions.values()].map((p) => p.x)).size).toBe(3);
  });
});
