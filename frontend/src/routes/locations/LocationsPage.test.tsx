import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";

const server = vi.hoisted(() => {
  const loaded = {
    name: "ui_project",
    status: "LOADED",
    load_error: null,
    loaded_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    fingerprint: "aaa",
    origin: { kind: "python_file", python_file: "/code/ui_project.py" },
    counts: { assets: 8, asset_checks: 1, jobs: 1, schedules: 1, sensors: 1 },
  };
  const broken = {
    ...loaded,
    name: "broken_project",
    status: "ERROR",
    loaded_at: null,
    fingerprint: "",
    load_error: {
      message: "SyntaxError: invalid syntax (broken_project.py, line 4)",
      cls: "SyntaxError",
      traceback: '  File "/code/broken_project.py", line 4\n    def oops(:\n             ^\nSyntaxError: invalid syntax <b>not markup</b>',
    },
    counts: { assets: 0, asset_checks: 0, jobs: 0, schedules: 0, sensors: 0 },
  };
  const state = {
    role: "admin",
    locations: [loaded, broken] as Record<string, unknown>[],
    reloads: [] as string[],
    afterReload: { ...loaded, loaded_at: "2026-01-02T00:00:00Z", fingerprint: "bbb" } as Record<string, unknown>,
    detailCalls: 0,
  };
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
  const handler = (request: Request): Response => {
    const url = new URL(request.url);
    if (url.pathname === "/api/auth/me/") return json({ username: "ada", role: state.role });
    if (url.pathname === "/api/code-locations/") return json({ count: state.locations.length, results: state.locations });
    const reload = /^\/api\/code-locations\/([^/]+)\/reload\/$/.exec(url.pathname);
    if (reload && request.method === "POST") {
      state.reloads.push(reload[1] ?? "");
      return json({ ...loaded, previous_loaded_at: loaded.loaded_at, reloaded: false }, 202);
    }
    if (url.pathname === "/api/code-locations/ui_project/") {
      state.detailCalls += 1;
      // Still the old load on the first poll; the new one after.
      return json(state.detailCalls > 1 ? state.afterReload : loaded);
    }
    return json({ detail: "Not found." }, 404);
  };
  const BaseRequest = globalThis.Request;
  class PageRequest extends BaseRequest {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      super(typeof input === "string" ? new URL(input, "http://test") : input, init);
    }
  }
  globalThis.Request = PageRequest;
  globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) =>
    Promise.resolve(handler(input instanceof BaseRequest ? input : new PageRequest(input, init)));
  return state;
});

import { reloadFinished } from "@/api/locations";
import LocationsPage from "./LocationsPage";

vi.mock("@/api/locations", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/api/locations")>();
  return { ...actual, useReloadLocation: () => actual.useReloadLocation(10) };
});

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={["/locations"]}>
        <LocationsPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

beforeEach(() => {
  server.role = "admin";
  server.reloads = [];
  server.detailCalls = 0;
});

describe("the code locations page", () => {
  it("shows each location's status and counts linking to its assets", async () => {
    renderPage();
    const card = await screen.findByTestId("location-ui_project");
    expect(within(card).getByText("Loaded")).toBeInTheDocument();
    expect(within(card).getByRole("link", { name: "8 assets" })).toHaveAttribute("href", "/assets?location=ui_project");
    expect(within(card).getByText("/code/ui_project.py", { exact: false })).toBeInTheDocument();
  });

  it("shows a load error's message and the user's traceback as text", async () => {
    renderPage();
    const card = await screen.findByTestId("location-broken_project");
    expect(within(card).getByText("Failed to load")).toBeInTheDocument();
    expect(within(card).getByText(/SyntaxError: invalid syntax \(broken_project.py, line 4\)/)).toBeInTheDocument();
    const traceback = within(card).getByTestId("location-traceback");
    expect(traceback.tagName).toBe("PRE");
    expect(traceback.textContent).toContain("def oops(:");
    expect(traceback.textContent).toContain("<b>not markup</b>");
    expect(traceback.querySelector("b")).toBeNull();
  });

  it("reloads for an admin and waits until the new load is stored", async () => {
    renderPage();
    const card = await screen.findByTestId("location-ui_project");
    await userEvent.click(within(card).getByRole("button", { name: "Reload ui_project" }));
    expect(await within(card).findByText("Reloaded: 8 assets, 1 jobs.")).toBeInTheDocument();
    expect(server.reloads).toEqual(["ui_project"]);
    expect(server.detailCalls).toBeGreaterThanOrEqual(2);
  });

  it("offers no reload to a viewer", async () => {
    server.role = "viewer";
    renderPage();
    await screen.findByTestId("location-ui_project");
    expect(await screen.findByText("Reloading a code location needs the admin role.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Reload/ })).not.toBeInTheDocument();
  });
});

describe("a reload's end", () => {
  const queued = {
    name: "x",
    status: "LOADED" as const,
    load_error: null,
    loaded_at: "t1",
    updated_at: "u1",
    fingerprint: "f1",
    origin: null,
    counts: { assets: 0, asset_checks: 0, jobs: 0, schedules: 0, sensors: 0 },
    previous_loaded_at: "t1",
    reloaded: false,
  };
  it("is when loaded_at moves on, or the status leaves LOADING with a change", () => {
    expect(reloadFinished(queued, queued)).toBe(false);
    expect(reloadFinished(queued, { ...queued, loaded_at: "t2" })).toBe(true);
    expect(reloadFinished(queued, { ...queued, status: "LOADING", loaded_at: "t2" })).toBe(false);
    expect(reloadFinished(queued, { ...queued, status: "ERROR", updated_at: "u2" })).toBe(true);
    expect(reloadFinished({ ...queued, reloaded: true }, queued)).toBe(true);
  });
});
