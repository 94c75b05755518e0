import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { matchScore, rank, runIdFrom } from "@/api/search";
import { assetPages, json, makeAsset, renderAt, requests, setHandler } from "@/components/catalog/testing";
import { CommandPalette } from "./CommandPalette";

vi.mock("@/api/client", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/api/client")>()),
  api: (await import("@/test/testApi")).testApi,
}));

const RUN_ID = "4f0c2a9e-1111-4222-8333-944445555666";
const ASSETS = [
  ...Array.from({ length: 10_000 }, (_, i) => makeAsset({ key: `warehouse/table_${i}` })),
  makeAsset({ key: "revenue_by_user" }),
  makeAsset({ key: "raw_users" }),
];

beforeAll(() => {
  // cmdk scrolls the chosen item into view; jsdom has no layout.
  Element.prototype.scrollIntoView ??= () => {};
});

beforeEach(() => {
  setHandler((request) => {
    const url = new URL(request.url);
    if (url.pathname === "/api/assets/") return assetPages(ASSETS, 5000)(url);
    if (url.pathname === "/api/jobs/")
      return json({ count: 1, results: [{ name: "analytics_job", location: "seed", description: null, is_asset_job: true, asset_keys: ["raw_users", "revenue_by_user"], ops: [], partitions: null, tags: {}, run_tags: {} }] });
    if (url.pathname === "/api/runs/")
      return json({ count: 1, results: [{ id: RUN_ID, status: "SUCCESS", job_name: "__asset_job", created_at: new Date().toISOString() }] });
    return json({ detail: "unexpected" }, 500);
  });
});

/** The shell's use: a button that opens the palette, Ctrl-K being wired by the shell. */
function Harness() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open palette
      </button>
      <CommandPalette open={open} onClose={() => setOpen(false)} />
    </>
  );
}

const ROUTES = [
  { path: "/assets", element: <Harness /> },
  { path: "/assets/*", element: <p>an asset page</p> },
  { path: "/runs/:runId", element: <p>a run page</p> },
  { path: "/launchpad", element: <p>the launchpad</p> },
  { path: "/lineage", element: <p>the lineage</p> },
];

const location = () => screen.getByTestId("location").textContent;

async function openPalette() {
  const user = userEvent.setup();
  renderAt("/assets", ROUTES);
  await user.click(screen.getByRole("button", { name: "Open palette" }));
  const dialog = await screen.findByRole("dialog", { name: "Command palette" });
  return { user, dialog };
}

describe("CommandPalette", () => {
  it("is a named dialog that takes focus, closes on Esc and gives focus back", async () => {
    const { user, dialog } = await openPalette();
    const input = within(dialog).getByRole("combobox");
    expect(input).toHaveFocus();
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    await waitFor(() => expect(screen.getByRole("button", { name: "Open palette" })).toHaveFocus());
  });

  it("lists pages, jobs and recent runs before anything is typed", async () => {
    const { dialog } = await openPalette();
    await within(dialog).findByText("analytics_job");
    expect(within(dialog).getByText("Code locations")).toBeInTheDocument();
    expect(within(dialog).getByText(RUN_ID.slice(0, 8))).toBeInTheDocument();
    expect(within(dialog).queryByText("raw_users")).toBeNull();
  });

  it("finds an asset among 10,000 by part of its key and opens its page with Enter", async () => {
    const { user, dialog } = await openPalette();
    await waitFor(() => expect(requests.some((r) => r.url.includes("/api/assets/"))).toBe(true));
    const input = within(dialog).getByRole("combobox");
    const started = performance.now();
    await user.type(input, "revenue");
    await within(dialog).findByText("revenue_by_user");
    expect(performance.now() - started).toBeLessThan(3000);
    const options = within(dialog).getAllByRole("option");
    expect(options[0]).toHaveTextContent("revenue_by_user");
    expect(options[0]).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{Enter}");
    await waitFor(() => expect(location()).toBe("/assets/revenue_by_user"));
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("shows at most a handful of asset matches, best first", async () => {
    const { user, dialog } = await openPalette();
    await user.type(within(dialog).getByRole("combobox"), "table_99");
    await within(dialog).findByText("warehouse/table_99");
    const assets = within(within(dialog).getByText("Assets").parentElement as HTMLElement).getAllByRole("option");
    expect(assets).toHaveLength(8);
    expect(assets[0]).toHaveTextContent("warehouse/table_99");
  });

  it("opens a recent run by its id prefix", async () => {
    const { user, dialog } = await openPalette();
    const input = within(dialog).getByRole("combobox");
    await within(dialog).findByText(RUN_ID.slice(0, 8));
    await user.type(input, "4f0c2");
    await waitFor(() => expect(within(dialog).getAllByRole("option")[0]).toHaveTextContent(RUN_ID.slice(0, 8)));
    await user.keyboard("{Enter}");
    await waitFor(() => expect(location()).toBe(`/runs/${RUN_ID}`));
  });

  it("offers a pasted run id that is not among the recent runs", async () => {
    const { user, dialog } = await openPalette();
    const other = "AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE";
    await user.click(within(dialog).getByRole("combobox"));
    await user.paste(other);
    await user.click(await within(dialog).findByText(`Open run ${other.toLowerCase()}`));
    await waitFor(() => expect(location()).toBe(`/runs/${other.toLowerCase()}`));
  });

  it("jumps to a job's launchpad", async () => {
    const { user, dialog } = await openPalette();
    await user.type(within(dialog).getByRole("combobox"), "analytics_job");
    await user.click(await within(dialog).findByText("analytics_job"));
    await waitFor(() => expect(location()).toBe("/launchpad?job=analytics_job"));
    expect(screen.getByText("the launchpad")).toBeInTheDocument();
  });

  it("says when nothing matches", async () => {
    const { user, dialog } = await openPalette();
    await within(dialog).findByText("analytics_job");
    await user.type(within(dialog).getByRole("combobox"), "zzzzqqqq");
    expect(await within(dialog).findByText("Nothing matches “zzzzqqqq”.")).toBeInTheDocument();
  });
});

describe("ranking", () => {
  it("prefers an exact key, then a prefix, then a part of the key, then letters in order", () => {
    const keys = ["xrevenue", "revenue_by_user", "analytics/revenue", "revenue", "r_e_v"];
    expect(rank(keys, "revenue", (k) => k, 10)).toEqual(["revenue", "revenue_by_user", "analytics/revenue", "xrevenue"]);
    expect(rank(keys, "rev", (k) => k, 10).slice(-1)).toEqual(["r_e_v"]);
    expect(matchScore("raw_users", "zz")).toBe(0);
  });

  it("reads a full run id with or without dashes", () => {
    expect(runIdFrom(" 4F0C2A9E111142228333944445555666 ")).toBe(RUN_ID);
    expect(runIdFrom("4f0c2a9e")).toBeNull();
  });
});
