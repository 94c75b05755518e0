import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { json, makeRun, renderAt, requests, setHandler } from "@/components/runs/testing";
import RunsPage from "./RunsPage";

vi.mock("@/api/client", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/api/client")>()),
  api: (await import("@/test/testApi")).testApi,
}));

const RUNS = [
  makeRun({ id: "aaaaaaaa-0000-0000-0000-000000000001", status: "FAILURE", asset_selection: ["broken_report"], tags: { team: "data" } }),
  makeRun({ id: "bbbbbbbb-0000-0000-0000-000000000002", status: "SUCCESS", job_name: "analytics_job", asset_selection: null }),
  makeRun({ id: "cccccccc-0000-0000-0000-000000000003", status: "SUCCESS", partition_key: "2026-01-01", asset_selection: ["daily_events"] }),
];

const ROUTES = [
  { path: "/runs", element: <RunsPage /> },
  { path: "/runs/:runId", element: <p>the run page</p> },
];

const location = () => screen.getByTestId("location").textContent;
const listRequests = () => requests.map((r) => new URL(r.url)).filter((u) => u.pathname === "/api/runs/");

beforeEach(() => {
  setHandler((request) => {
    const url = new URL(request.url);
    if (url.pathname === "/api/jobs/") return json({ count: 1, results: [{ name: "analytics_job" }, { name: "__ASSET_JOB" }] });
    if (url.pathname === "/api/runs/") {
      const statuses = url.searchParams.getAll("status");
      const results = statuses.length ? RUNS.filter((r) => statuses.includes(r.status)) : RUNS;
      return json({ count: results.length, next: null, previous: null, results });
    }
    return json({ detail: "unexpected" }, 500);
  });
});

describe("RunsPage", () => {
  it("lists runs with status, short id, target, partition and launcher", async () => {
    renderAt("/runs", ROUTES);
    const rows = await screen.findAllByTestId("run-row");
    expect(rows).toHaveLength(3);
    const first = rows[0];
    if (!first) throw new Error("no row");
    expect(within(first).getByRole("link", { name: "aaaaaaaa" })).toHaveAttribute("href", "/runs/aaaaaaaa-0000-0000-0000-000000000001");
    expect(first).toHaveTextContent("failure");
    expect(first).toHaveTextContent("broken_report");
    expect(first).toHaveTextContent("team=data");
    expect(first).toHaveTextContent("admin");
    expect(rows[1]).toHaveTextContent("analytics_job");
    expect(rows[2]).toHaveTextContent("partition 2026-01-01");
    expect(screen.getByTestId("runs-count")).toHaveTextContent("3 runs");
  });

  it("reads the filters of a deep link and asks the API for them", async () => {
    renderAt("/runs?status=FAILURE&tag=team=data&job=analytics_job", ROUTES);
    await screen.findAllByTestId("run-row");
    const url = listRequests().at(-1);
    expect(url?.searchParams.getAll("status")).toEqual(["FAILURE"]);
    expect(url?.searchParams.getAll("tag")).toEqual(["team=data"]);
    expect(url?.searchParams.get("job")).toBe("analytics_job");
    expect(screen.getByRole("button", { name: "Failure" })).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByRole("button", { name: "Remove the tag filter team=data" })).toBeInTheDocument();
  });

  it("writes the filters it is given into the URL", async () => {
    renderAt("/runs", ROUTES);
    await screen.findAllByTestId("run-row");
    fireEvent.click(screen.getByRole("button", { name: "Failure" }));
    fireEvent.click(screen.getByRole("button", { name: "Started" }));
    await waitFor(() => expect(location()).toBe("/runs?status=STARTED%2CFAILURE"));
    await waitFor(() => expect(screen.getAllByTestId("run-row")).toHaveLength(1));
    fireEvent.change(screen.getByRole("textbox", { name: "Tag" }), { target: { value: "team=data" } });
    fireEvent.click(screen.getByRole("button", { name: "Add tag" }));
    expect(location()).toBe("/runs?status=STARTED%2CFAILURE&tag=team%3Ddata");
    fireEvent.change(screen.getByRole("combobox", { name: "Job" }), { target: { value: "analytics_job" } });
    expect(location()).toBe("/runs?status=STARTED%2CFAILURE&job=analytics_job&tag=team%3Ddata");
    fireEvent.click(screen.getByRole("button", { name: "Clear all filters" }));
    expect(location()).toBe("/runs");
  });

  it("refuses a tag that is not key=value", async () => {
    renderAt("/runs", ROUTES);
    await screen.findAllByTestId("run-row");
    fireEvent.change(screen.getByRole("textbox", { name: "Tag" }), { target: { value: "nokey" } });
    fireEvent.click(screen.getByRole("button", { name: "Add tag" }));
    expect(screen.getByRole("alert")).toHaveTextContent("key=value");
    expect(location()).toBe("/runs");
  });

  it("says when no run matches", async () => {
    renderAt("/runs?status=CANCELED", ROUTES);
    expect(await screen.findByTestId("runs-empty")).toHaveTextContent("No run matches these filters.");
  });

  it("shows a 403 as a message", async () => {
    setHandler(() => json({ detail: "You do not have permission to perform this action." }, 403));
    renderAt("/runs", ROUTES);
    expect(await screen.findByRole("alert")).toHaveTextContent("Not allowed");
  });
});
