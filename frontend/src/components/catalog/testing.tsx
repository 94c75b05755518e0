/**
 * Test helpers of the catalog and the command palette: asset rows, paginated answers, and a
 * viewport for the virtualiser (rendering is `@/test/render`, the API client `@/test/testApi`).
 */
import type { CatalogAsset } from "@/api/assets/catalog";
import { json } from "@/test/testApi";

export { json, requests, setHandler } from "@/test/testApi";

/** Answers `GET /api/assets/` with `assets`, paginated by `limit`/`offset` up to `maxLimit`. */
export function assetPages(assets: readonly CatalogAsset[], maxLimit = 1000) {
  return (url: URL): Response => {
    const limit = Math.min(Number(url.searchParams.get("limit") ?? 100), maxLimit);
    const offset = Number(url.searchParams.get("offset") ?? 0);
    return json({ count: assets.length, next: null, previous: null, results: assets.slice(offset, offset + limit) });
  };
}

export function makeAsset(overrides: Partial<CatalogAsset> & { key: string }): CatalogAsset {
  return {
    location: "seed",
    group: "default",
    description: "",
    kinds: [],
    tags: {},
    owners: [],
    deps: [],
    is_materializable: true,
    is_partitioned: false,
    status: "NEVER_MATERIALIZED",
    latest_materialization: null,
    latest_run_id: null,
    latest_run_status: null,
    partition_counts: null,
    ...overrides,
  };
}

export const SEED: CatalogAsset[] = [
  makeAsset({ key: "raw_users", group: "raw", kinds: ["python"], description: "Raw user records.", owners: ["team:data"], status: "MATERIALIZED", latest_materialization: { event_id: 5, run_id: "11111111-1111-1111-1111-111111111111", timestamp: "2025-01-02T10:00:00Z", partition: null }, latest_run_id: "11111111-1111-1111-1111-111111111111", latest_run_status: "SUCCESS" }),
  makeAsset({ key: "raw_orders", group: "raw", kinds: ["python"], description: "Raw order records.", tags: { tier: "bronze" } }),
  makeAsset({ key: "revenue_by_user", group: "analytics", kinds: ["pandas"], description: "Total revenue per user.", owners: ["alice@example.com"], status: "FAILED", latest_run_id: "22222222-2222-2222-2222-222222222222", latest_run_status: "FAILURE" }),
  makeAsset({ key: "daily_events", group: "raw", description: "Events of one day.", is_partitioned: true, location: "other" }),
  makeAsset({ key: "hostile_description", group: "reports", description: "<script>window.__xss = 1</script><b>bold?</b>" }),
];

export { renderAt } from "@/test/render";

/** Makes every element report a viewport-sized box, so the virtualiser renders a real window. */
export function fakeViewport(height = 600, width = 1200): () => void {
  const proto = HTMLElement.prototype;
  const before = {
    clientHeight: Object.getOwnPropertyDescriptor(proto, "clientHeight"),
    clientWidth: Object.getOwnPropertyDescriptor(proto, "clientWidth"),
  };
  Object.defineProperty(proto, "clientHeight", { configurable: true, get: () => height });
  Object.defineProperty(proto, "clientWidth", { configurable: true, get: () => width });
  return () => {
    if (before.clientHeight) Object.defineProperty(proto, "clientHeight", before.clientHeight);
    if (before.clientWidth) Object.defineProperty(proto, "clientWidth", before.clientWidth);
  };
}
