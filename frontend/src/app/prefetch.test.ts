import { QueryClient } from "@tanstack/react-query";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { graphKeys } from "@/api/assets/graph";
import { json, requests, setHandler } from "@/test/testApi";
import { prefetchPage } from "./prefetch";

vi.mock("@/api/client", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/api/client")>()),
  api: (await import("@/test/testApi")).testApi,
}));

beforeEach(() => setHandler(() => json({ nodes: [], edges: [] })));

describe("prefetchPage", () => {
  it("asks for the asset graph as soon as the lineage page is wanted", async () => {
    const client = new QueryClient();
    prefetchPage("/lineage", client);
    await vi.waitFor(() => expect(client.getQueryData(graphKeys.graph())).toEqual({ nodes: [], edges: [] }));
    expect(requests.map((r) => new URL(r.url).pathname)).toEqual(["/api/asset-graph/"]);
  });

  it("fetches nothing for other pages", async () => {
    const client = new QueryClient();
    prefetchPage("/runs", client);
    prefetchPage("/lineage/extra", client);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(requests).toHaveLength(0);
  });
});
