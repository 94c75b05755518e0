import {
  buildModel,
  buildView,
  computeHighlight,
  edgeHighlight,
  groupId,
  launchPlan,
  neighbourhood,
  nodeRole,
  searchAssets,
  walk,
} from "./model";
import { graphNode, seedGraph } from "./testing";

const RAW = groupId("seed", "raw");
const ANALYTICS = groupId("seed", "analytics");

describe("buildModel", () => {
  it("normalises nodes into assets, groups and adjacency", () => {
    const model = buildModel(seedGraph());
    expect(model.keys).toEqual(["raw_users", "raw_orders", "daily_events", "revenue_by_user", "dim_users", "broken_report"]);
    expect(model.groupOrder).toEqual([ANALYTICS, RAW, groupId("seed", "reports"), groupId("seed", "warehouse")]);
    expect(model.groups.get(RAW)?.keys).toEqual(["raw_users", "raw_orders", "daily_events"]);
    expect(model.parents.get("revenue_by_user")).toEqual(["raw_users", "raw_orders"]);
    expect(model.children.get("raw_users")).toEqual(["revenue_by_user", "dim_users"]);
    expect(model.assets.get("daily_events")?.partitions).toEqual({ total: 10, materialized: 3, failed: 1, inProgress: 0 });
    expect(model.assets.get("raw_users")?.lastMaterializedAt).toBe("2024-01-01T00:00:00Z");
    expect(model.fingerprint).toBe("seed:f1");
  });

  it("splits a path key into prefix and name and drops edges to unknown or repeated keys", () => {
    const model = buildModel({
      locations: [],
      nodes: [
        graphNode("warehouse/marts/summary", "g"),
        graphNode("a", "g"),
      ],
      edges: [
        { source: "a", target: "warehouse/marts/summary" },
        { source: "a", target: "warehouse/marts/summary" },
        { source: "ghost", target: "a" },
        { source: "a", target: "a" },
      ],
    });
    const asset = model.assets.get("warehouse/marts/summary");
    expect([asset?.prefix, asset?.label]).toEqual(["warehouse/marts/", "summary"]);
    expect(model.edges).toEqual([["a", "warehouse/marts/summary"]]);
  });
});

describe("upstream and downstream", () => {
  const model = buildModel(seedGraph());

  it("walks to a depth, or all the way", () => {
    expect([...walk(["broken_report"], model.parents, 1)]).toEqual(["revenue_by_user"]);
    expect([...walk(["broken_report"], model.parents)].sort()).toEqual(["raw_orders", "raw_users", "revenue_by_user"]);
    expect([...walk(["raw_users"], model.children)].sort()).toEqual(["broken_report", "dim_users", "revenue_by_user"]);
  });

  it("highlights the selection's whole upstream and downstream, nodes and edges", () => {
    const h = computeHighlight(model, new Set(["revenue_by_user"]));
    expect([...h.upstream].sort()).toEqual(["raw_orders", "raw_users"]);
    expect([...h.downstream]).toEqual(["broken_report"]);
    expect(nodeRole(h, "revenue_by_user")).toBe("selected");
    expect(nodeRole(h, "raw_orders")).toBe("upstream");
    expect(nodeRole(h, "broken_report")).toBe("downstream");
    expect(nodeRole(h, "dim_users")).toBe("dim");
    expect(edgeHighlight(h, "raw_users", "revenue_by_user")).toBe("upstream");
    expect(edgeHighlight(h, "revenue_by_user", "broken_report")).toBe("downstream");
    // raw_users is upstream of the selection, but this edge leads away from it.
    expect(edgeHighlight(h, "raw_users", "dim_users")).toBeNull();
  });

  it("highlights nothing without a selection", () => {
    const h = computeHighlight(model, new Set());
    expect(nodeRole(h, "raw_users")).toBe("none");
    expect(edgeHighlight(h, "raw_users", "revenue_by_user")).toBeNull();
  });

  it("takes a neighbourhood by direction and depth", () => {
    expect([...neighbourhood(model, "revenue_by_user", "both", 1)].sort()).toEqual([
      "broken_report",
      "raw_orders",
      "raw_users",
      "revenue_by_user",
    ]);
    expect([...neighbourhood(model, "broken_report", "upstream", 1)].sort()).toEqual(["broken_report", "revenue_by_user"]);
    expect([...neighbourhood(model, "broken_report", "upstream", Infinity)].sort()).toEqual([
      "broken_report",
      "raw_orders",
      "raw_users",
      "revenue_by_user",
    ]);
    expect([...neighbourhood(model, "raw_users", "downstream", 5)].sort()).toEqual([
      "broken_report",
      "dim_users",
      "raw_users",
      "revenue_by_user",
    ]);
  });
});

describe("buildView", () => {
  const model = buildModel(seedGraph());

  it("shows every asset in its group when nothing is collapsed", () => {
    const view = buildView(model, { collapsed: new Set() });
    expect(view.groups.map((g) => [g.name, g.keys.length, g.collapsed])).toEqual([
      ["analytics", 1, false],
      ["raw", 3, false],
      ["reports", 1, false],
      ["warehouse", 1, false],
    ]);
    expect(view.edges.map((e) => e.id)).toEqual([
      "raw_users→revenue_by_user",
      "raw_orders→revenue_by_user",
      "raw_users→dim_users",
      "revenue_by_user→broken_report",
    ]);
    expect(view.groups[1]?.counts).toEqual({ MATERIALIZED: 2, FAILED: 0, IN_PROGRESS: 0, NEVER_MATERIALIZED: 1 });
  });

  it("draws a collapsed group as one node and aggregates the edges through it", () => {
    const view = buildView(model, { collapsed: new Set([RAW]) });
    expect(view.nodeOf.get("raw_users")).toBe(RAW);
    expect(view.nodeOf.get("revenue_by_user")).toBe("revenue_by_user");
    const edge = view.edges.find((e) => e.source === RAW && e.target === "revenue_by_user");
    expect(edge?.pairs).toEqual([
      ["raw_users", "revenue_by_user"],
      ["raw_orders", "revenue_by_user"],
    ]);
    expect(view.edges).toHaveLength(3);
  });

  it("drops edges inside a collapsed group and links two collapsed groups once", () => {
    const view = buildView(model, { collapsed: new Set([RAW, ANALYTICS]) });
    expect(view.edges.map((e) => [e.source, e.target, e.pairs.length])).toEqual([
      [RAW, ANALYTICS, 2],
      [RAW, "dim_users", 1],
      [ANALYTICS, "broken_report", 1],
    ]);
  });

  it("shows only the visible keys, leaving out empty groups", () => {
    const view = buildView(model, { collapsed: new Set(), visible: new Set(["raw_users", "revenue_by_user"]) });
    expect(view.groups.map((g) => g.keys)).toEqual([["revenue_by_user"], ["raw_users"]]);
    expect(view.edges.map((e) => e.id)).toEqual(["raw_users→revenue_by_user"]);
    expect(view.assetCount).toBe(2);
  });
});

describe("search and launching", () => {
  const model = buildModel(seedGraph());

  it("ranks exact names, then prefixes, then substrings, then group matches", () => {
    expect(searchAssets(model, "raw_users").map((a) => a.key)).toEqual(["raw_users"]);
    expect(searchAssets(model, "raw").map((a) => a.key)).toEqual(["raw_orders", "raw_users", "daily_events"]);
    expect(searchAssets(model, "USER").map((a) => a.key)).toEqual(["dim_users", "raw_users", "revenue_by_user"]);
    expect(searchAssets(model, "  ")).toEqual([]);
  });

  it("plans one run per location, with only materializable keys", () => {
    const graph = seedGraph();
    const first = graph.nodes[0];
    if (first) first.location = "other";
    const last = graph.nodes[5];
    if (last) last.is_materializable = false;
    const plan = launchPlan(buildModel(graph), ["raw_users", "raw_orders", "broken_report", "nope"]);
    expect([...plan.entries()]).toEqual([
      ["other", ["raw_users"]],
      ["seed", ["raw_orders"]],
    ]);
  });
});
