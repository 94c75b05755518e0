import { describe, expect, it } from "vitest";
import {
  emptyFacets,
  facetOptions,
  filterAssets,
  nextSort,
  paramsFromView,
  sortAssets,
  summarize,
  viewFromParams,
} from "./catalogModel";
import { makeAsset, SEED } from "./testing";

const keys = (rows: { key: string }[]) => rows.map((row) => row.key);

describe("the catalog's view in the URL", () => {
  it("round-trips search, facets and sort through the query string", () => {
    const params = new URLSearchParams("q=raw&group=raw&group=analytics&status=FAILED&tag=tier%3Dbronze&sort=latest&dir=desc");
    const view = viewFromParams(params);
    expect(view.q).toBe("raw");
    expect(view.facets.group).toEqual(["raw", "analytics"]);
    expect(view.facets.status).toEqual(["FAILED"]);
    expect(view.facets.tag).toEqual(["tier=bronze"]);
    expect(view.sort).toEqual({ column: "latest", direction: "desc" });
    expect(paramsFromView(view).toString()).toBe(
      "q=raw&group=raw&group=analytics&tag=tier%3Dbronze&status=FAILED&sort=latest&dir=desc",
    );
  });

  it("leaves defaults out and ignores an unknown sort", () => {
    const view = viewFromParams(new URLSearchParams("sort=nonsense&group="));
    expect(view.sort).toEqual({ column: "key", direction: "asc" });
    expect(view.facets.group).toEqual([]);
    expect(paramsFromView(view).toString()).toBe("");
  });
});

describe("filtering", () => {
  it("matches every search word in the key or the description, case-insensitively", () => {
    expect(keys(filterAssets(SEED, { q: "RAW records", facets: emptyFacets() }))).toEqual(["raw_users", "raw_orders"]);
    expect(keys(filterAssets(SEED, { q: "revenue per", facets: emptyFacets() }))).toEqual(["revenue_by_user"]);
    expect(keys(filterAssets(SEED, { q: "<script>", facets: emptyFacets() }))).toEqual(["hostile_description"]);
  });

  it("takes any value within a facet and every facet at once", () => {
    const facets = { ...emptyFacets(), group: ["raw", "analytics"], kind: ["python"] };
    expect(keys(filterAssets(SEED, { q: "", facets }))).toEqual(["raw_users", "raw_orders"]);
    expect(keys(filterAssets(SEED, { q: "", facets: { ...emptyFacets(), tag: ["tier=bronze"] } }))).toEqual(["raw_orders"]);
    expect(keys(filterAssets(SEED, { q: "", facets: { ...emptyFacets(), location: ["other"] } }))).toEqual(["daily_events"]);
    expect(keys(filterAssets(SEED, { q: "", facets: { ...emptyFacets(), owner: ["team:data"] } }))).toEqual(["raw_users"]);
  });

  it("counts each facet's values within the other filters", () => {
    const options = facetOptions(SEED, { q: "", facets: { ...emptyFacets(), group: ["raw"] } });
    // The group facet ignores its own choice: every group keeps its full count.
    expect(options.group.map((o) => [o.value, o.count])).toEqual([
      ["analytics", 1],
      ["raw", 3],
      ["reports", 1],
    ]);
    // Other facets count within group=raw.
    expect(options.kind.map((o) => [o.value, o.count])).toEqual([
      ["pandas", 0],
      ["python", 2],
    ]);
    expect(options.status.map((o) => [o.label, o.count])).toEqual([
      ["Failed", 0],
      ["Never materialized", 2],
      ["Materialized", 1],
    ]);
  });

  it("keeps a chosen value that is absent from the data, so its chip can be cleared", () => {
    const options = facetOptions(SEED, { q: "", facets: { ...emptyFacets(), group: ["gone"] } });
    expect(options.group.find((o) => o.value === "gone")?.count).toBe(0);
  });
});

describe("sorting", () => {
  const rows = [
    makeAsset({ key: "b", latest_materialization: { event_id: 1, run_id: "r1", timestamp: "2025-01-01T00:00:00Z", partition: null } }),
    makeAsset({ key: "a" }),
    makeAsset({ key: "c", status: "FAILED", latest_materialization: { event_id: 2, run_id: "r2", timestamp: "2025-02-01T00:00:00Z", partition: null } }),
    makeAsset({ key: "a10" }),
    makeAsset({ key: "a9" }),
  ];

  it("orders keys naturally, both ways", () => {
    expect(keys(sortAssets(rows, { column: "key", direction: "asc" }))).toEqual(["a", "a9", "a10", "b", "c"]);
    expect(keys(sortAssets(rows, { column: "key", direction: "desc" }))).toEqual(["c", "b", "a10", "a9", "a"]);
  });

  it("puts never-materialized assets last whichever way the latest materialization sorts", () => {
    expect(keys(sortAssets(rows, { column: "latest", direction: "desc" }))).toEqual(["c", "b", "a", "a9", "a10"]);
    expect(keys(sortAssets(rows, { column: "latest", direction: "asc" }))).toEqual(["b", "c", "a", "a9", "a10"]);
  });

  it("puts failures first by status", () => {
    expect(keys(sortAssets(rows, { column: "status", direction: "asc" }))[0]).toBe("c");
  });

  it("starts time columns newest first and flips on a second click", () => {
    expect(nextSort({ column: "key", direction: "asc" }, "latest")).toEqual({ column: "latest", direction: "desc" });
    expect(nextSort({ column: "latest", direction: "desc" }, "latest")).toEqual({ column: "latest", direction: "asc" });
    expect(nextSort({ column: "latest", direction: "desc" }, "group")).toEqual({ column: "group", direction: "asc" });
  });
});

it("summarises statuses", () => {
  expect(summarize(SEED)).toEqual({ total: 5, failed: 1, inProgress: 0, never: 3, materialized: 1 });
});
