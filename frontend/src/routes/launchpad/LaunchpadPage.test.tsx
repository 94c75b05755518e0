import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes, useParams } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";

type Handler = (request: Request) => Response | Promise<Response>;
const server = vi.hoisted(() => {
  const state: { role: string; launch: (body: unknown) => { status: number; body: unknown }; posted: unknown[] } = {
    role: "launcher",
    launch: () => ({ status: 201, body: { id: "run-1" } }),
    posted: [],
  };
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
  const handler: Handler = async (request) => {
    const url = new URL(request.url, "http://test");
    if (url.pathname === "/api/auth/me/") return json({ username: "ada", role: state.role });
    if (url.pathname === "/api/jobs/") return json({ count: 0, results: [] });
    if (url.pathname === "/api/assets/") return json({ count: 0, results: [] });
    if (url.pathname === "/api/assets/scaled_numbers/") {
      return json({
        key: "scaled_numbers",
        location: "ui_project",
        node_name: "scaled_numbers",
        partitions: null,
        config_schema: {
          type: "object",
          additionalProperties: false,
          properties: { factor: { type: "integer", title: "Factor" }, label: { type: "string", default: "scaled" } },
          required: ["factor"],
        },
      });
    }
    if (url.pathname === "/api/runs/" && request.method === "POST") {
      const body: unknown = await request.json();
      state.posted.push(body);
      const answer = state.launch(body);
      return json(answer.body, answer.status);
    }
    return json({ detail: "Not found." }, 404);
  };
  // The API client builds requests on relative URLs, as a page does; Node's Request wants an origin.
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

import LaunchpadPage from "./LaunchpadPage";

// jsdom has no layout: CodeMirror measures text with these.
Range.prototype.getClientRects = () => document.createElement("div").getClientRects();
Range.prototype.getBoundingClientRect = () => new DOMRect();

function RunStub() {
  const { runId } = useParams();
  return <h1>Run {runId}</h1>;
}

function renderAt(path: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/launchpad" element={<LaunchpadPage />} />
          <Route path="/runs/:runId" element={<RunStub />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

beforeEach(() => {
  server.role = "launcher";
  server.posted = [];
  server.launch = () => ({ status: 201, body: { id: "run-1" } });
  sessionStorage.clear();
});

describe("the launchpad", () => {
  it("launches the selected assets and lands on the run's page", async () => {
    renderAt("/launchpad?assets=scaled_numbers");
    await screen.findByText("ops.scaled_numbers.config");
    await userEvent.click(screen.getByRole("button", { name: "Scaffold missing config" }));
    await userEvent.click(screen.getByRole("button", { name: "Launch run" }));
    expect(await screen.findByRole("heading", { name: "Run run-1" })).toBeInTheDocument();
    expect(server.posted).toEqual([
      {
        executor: "in_process",
        selection: ["scaled_numbers"],
        location: "ui_project",
        tags: {},
        run_config: { ops: { scaled_numbers: { config: { factor: 0 } } } },
      },
    ]);
  });

  it("shows the server's run-config error with its path", async () => {
    server.launch = () => ({
      status: 400,
      body: { run_config: { ops: { scaled_numbers: { config: { factor: ["'factor' is a required property"] } } } } },
    });
    renderAt("/launchpad?assets=scaled_numbers");
    await screen.findByText("ops.scaled_numbers.config");
    await userEvent.click(screen.getByRole("button", { name: "Launch run" }));
    const panel = await screen.findByTestId("launch-errors");
    await waitFor(() => expect(panel).toHaveTextContent("server"));
    expect(panel).toHaveTextContent("run_config.ops.scaled_numbers.config.factor");
    expect(panel).toHaveTextContent("'factor' is a required property");
  });

  it("says why a 403 refused the launch", async () => {
    server.launch = () => ({ status: 403, body: { detail: "You do not have permission to perform this action." } });
    renderAt("/launchpad?assets=scaled_numbers");
    await screen.findByText("ops.scaled_numbers.config");
    await userEvent.click(screen.getByRole("button", { name: "Launch run" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Not allowed");
  });

  it("offers no launch to a viewer, and says why", async () => {
    server.role = "viewer";
    renderAt("/launchpad?assets=scaled_numbers");
    expect(await screen.findByRole("note")).toHaveTextContent("launching needs the launcher role");
    expect(screen.queryByRole("button", { name: "Launch run" })).not.toBeInTheDocument();
  });

  it("keeps the config of a target across a reload", async () => {
    const first = renderAt("/launchpad?assets=scaled_numbers");
    await screen.findByText("ops.scaled_numbers.config");
    await userEvent.click(screen.getByRole("button", { name: "Scaffold missing config" }));
    first.unmount();
    renderAt("/launchpad?assets=scaled_numbers");
    await screen.findByText("ops.scaled_numbers.config");
    expect(document.querySelector(".cm-content")?.textContent).toContain("factor: 0");
  });
});
