import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { assetPages, fakeViewport, json, makeAsset, renderAt, requests, SEED, setHandler } from "@/components/catalog/testing";
import CatalogPage from "./CatalogPage";

vi.mock("@/api/client", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/api/client")>()),
  api: (await import("@/test/testApi")).testApi,
}));

const ROUTES = [
  { path: "/assets", element: <CatalogPage /> },
  { path: "/runs/:runId", element: <p>the run page</p> },
  { path: "/runs", element: <p>the runs list</p> },
];

let restore: () => void = () => {};
beforeEach(() => {
  restore = fakeViewport(600);
  setHandler((request) => {
    const url = new URL(request.url);
    if (url.pathname === "/api/assets/") return assetPages(SEED)(url);
    return json({ detail: "unexpected" }, 500);
  });
});
afterEach(() => restore());

const shownKeys = () =>
  screen
    .getAllByRole("row")
    .filter((row) => row.hasAttribute("data-index"))
    .map((row) => row.querySelector(".catalog-key")?.textContent);

const location = () => screen.getByTestId("location").textContent;

describe("CatalogPage", () => {
  it("lists every asset with a summary of statuses", async () => {
    renderAt("/assets", ROUTES);
    expect(await screen.findByRole("link", { name: "raw_users" })).toBeInTheDocument();
    expect(shownKeys()).toEqual(["daily_events", "hostile_description", "raw_orders", "raw_users", "revenue_by_user"]);
    expect(screen.getByTestId("catalog-count")).toHaveTextContent("5 assets");
    expect(screen.getByRole("button", { name: "1 failed" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "3 never materialized" })).toBeInTheDocument();
  });

  it("fetches every page of a catalog larger than the server's page limit", async () => {
    const many = Array.from({ length: 2500 }, (_, i) => makeAsset({ key: `a${i}` }));
    setHandler((request) => assetPages(many, 1000)(new URL(request.url)));
    renderAt("/assets", ROUTES);
    await waitFor(() => expect(screen.getByTestId("catalog-count")).toHaveTextContent("2,500 assets"));
    const offsets = requests.map((r) => new URL(r.url).searchParams.get("offset"));
    expect(offsets.sort()).toEqual(["0", "1000", "2000"]);
  });

  it("applies the filters of a deep link and shows them as chips", async () => {
    renderAt("/assets?group=raw&kind=python", ROUTES);
    await screen.findByRole("link", { name: "raw_users" });
    expect(shownKeys()).toEqual(["raw_orders", "raw_users"]);
    expect(screen.getByTestId("catalog-count")).toHaveTextContent("2 of 5 assets");
    const chips = screen.getByRole("list", { name: "Active filters" });
    expect(within(chips).getByText("raw")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Remove the filter Group: raw" }));
    expect(location()).toBe("/assets?kind=python");
    expect(shownKeys()).toEqual(["raw_orders", "raw_users"]);
    await userEvent.click(screen.getByRole("button", { name: "Clear all" }));
    expect(location()).toBe("/assets");
    expect(shownKeys()).toHaveLength(5);
  });

  it("filters by a facet chosen from its menu, with counts from the data", async () => {
    const user = userEvent.setup();
    renderAt("/assets", ROUTES);
    await screen.findByRole("link", { name: "raw_users" });
    await user.click(screen.getByRole("button", { name: "Group filter" }));
    const menu = screen.getByRole("group", { name: "Group values" });
    expect(within(menu).getAllByRole("checkbox").map((box) => box.closest("label")?.textContent)).toEqual([
      "analytics1",
      "raw3",
      "reports1",
    ]);
    await user.click(within(menu).getByRole("checkbox", { name: /analytics/ }));
    expect(location()).toBe("/assets?group=analytics");
    expect(shownKeys()).toEqual(["revenue_by_user"]);
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("group", { name: "Group values" })).toBeNull();
    expect(screen.getByRole("button", { name: "Group filter, 1 chosen" })).toHaveFocus();
  });

  it("searches key and description after a pause in typing, into the URL", async () => {
    const user = userEvent.setup();
    renderAt("/assets", ROUTES);
    await screen.findByRole("link", { name: "raw_users" });
    await user.type(screen.getByRole("searchbox", { name: /Search assets/ }), "revenue per");
    await waitFor(() => expect(location()).toBe("/assets?q=revenue+per"));
    expect(shownKeys()).toEqual(["revenue_by_user"]);
  });

  it("sorts by a column header, into the URL", async () => {
    const user = userEvent.setup();
    renderAt("/assets", ROUTES);
    await screen.findByRole("link", { name: "raw_users" });
    await user.click(within(screen.getByRole("columnheader", { name: /Status/ })).getByRole("button"));
    expect(location()).toBe("/assets?sort=status&dir=asc");
    expect(shownKeys()[0]).toBe("revenue_by_user");
    expect(shownKeys().at(-1)).toBe("raw_users");
  });

  it("says so when nothing matches, and clears the filters", async () => {
    const user = userEvent.setup();
    renderAt("/assets?q=nothing-like-this", ROUTES);
    expect(await screen.findByRole("heading", { name: "No assets match" })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Clear all filters" }));
    expect(shownKeys()).toHaveLength(5);
  });

  it("materializes the selected assets and lands on the run", async () => {
    const user = userEvent.setup();
    let launched: unknown = null;
    setHandler(async (request) => {
      const url = new URL(request.url);
      if (url.pathname === "/api/runs/" && request.method === "POST") {
        launched = await request.json();
        return json({ id: "33333333-3333-3333-3333-333333333333" }, 201);
      }
      return assetPages(SEED)(url);
    });
    renderAt("/assets?group=raw", ROUTES);
    await screen.findByRole("link", { name: "raw_users" });
    const button = screen.getByRole("button", { name: "Materialize selected (0)" });
    expect(button).toBeDisabled();
    await user.click(screen.getByRole("checkbox", { name: "Select raw_users" }));
    await user.click(screen.getByRole("checkbox", { name: "Select raw_orders" }));
    await user.click(screen.getByRole("button", { name: "Materialize selected (2)" }));
    await waitFor(() => expect(location()).toBe("/runs/33333333-3333-3333-3333-333333333333"));
    expect(launched).toEqual({ selection: ["raw_users", "raw_orders"], executor: "in_process" });
  });

  it("launches one run per code location when the selection spans several", async () => {
    const user = userEvent.setup();
    const bodies: unknown[] = [];
    setHandler(async (request) => {
      const url = new URL(request.url);
      if (request.method === "POST") {
        bodies.push(await request.json());
        return json({ id: `run-${bodies.length}` }, 201);
      }
      return assetPages(SEED)(url);
    });
    renderAt("/assets?group=raw", ROUTES);
    await screen.findByRole("link", { name: "raw_users" });
    await user.click(screen.getByRole("checkbox", { name: "Select all 3 shown assets" }));
    await user.click(screen.getByRole("button", { name: "Materialize selected (3)" }));
    await waitFor(() => expect(location()).toBe("/runs"));
    expect(bodies).toEqual([
      { selection: ["raw_users", "raw_orders"], executor: "in_process", location: "seed" },
      { selection: ["daily_events"], executor: "in_process", location: "other" },
    ]);
  });

  it("shows a refused launch as a message", async () => {
    const user = userEvent.setup();
    setHandler((request) => {
      const url = new URL(request.url);
      if (request.method === "POST") return json({ selection: ["Unknown asset 'raw_users'"] }, 400);
      return assetPages(SEED)(url);
    });
    renderAt("/assets", ROUTES);
    await user.click(await screen.findByRole("checkbox", { name: "Select raw_users" }));
    await user.click(screen.getByRole("button", { name: "Materialize selected (1)" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The run was not launched");
    expect(alert).toHaveTextContent("selection: Unknown asset 'raw_users'");
    expect(location()).toBe("/assets");
  });

  it("offers a viewer no selection and no materialize button", async () => {
    renderAt("/assets", ROUTES, { role: "viewer" });
    await screen.findByRole("link", { name: "raw_users" });
    expect(screen.queryByRole("button", { name: /Materialize/ })).toBeNull();
    expect(screen.queryByRole("checkbox")).toBeNull();
  });

  it("shows a load error with a retry, and the empty catalog", async () => {
    setHandler(() => json({ detail: "The database is locked." }, 503));
    const { unmount } = renderAt("/assets", ROUTES);
    expect(await screen.findByRole("alert")).toHaveTextContent("The database is locked.");
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
    unmount();
    setHandler(() => json({ count: 0, next: null, previous: null, results: [] }));
    renderAt("/assets", ROUTES);
    expect(await screen.findByRole("heading", { name: "No assets yet" })).toBeInTheDocument();
  });

  it("keeps relative times fresh", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const justNow = new Date(Date.now() - 10_000).toISOString();
      setHandler((request) =>
        assetPages([
          makeAsset({ key: "fresh", status: "MATERIALIZED", latest_materialization: { event_id: 1, run_id: "r", timestamp: justNow, partition: null } }),
        ])(new URL(request.url)),
      );
      renderAt("/assets", ROUTES);
      expect(await screen.findByRole("link", { name: "just now" })).toBeInTheDocument();
      await act(async () => {
        vi.advanceTimersByTime(120_000);
      });
      expect(screen.getByRole("link", { name: "2 min ago" })).toBeInTheDocument();
    } finally {
      vi.useRealTimers();
    }
  });
});
