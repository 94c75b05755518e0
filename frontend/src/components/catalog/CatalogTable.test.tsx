import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { MemoryRouter } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CatalogAsset } from "@/api/assets/catalog";
import { CatalogTable } from "./CatalogTable";
import { assetId, DEFAULT_SORT } from "./catalogModel";
import { fakeViewport, makeAsset, SEED } from "./testing";

let restore: () => void = () => {};
beforeEach(() => {
  restore = fakeViewport(600);
});
afterEach(() => restore());

function Selectable({ rows, onChange }: { rows: CatalogAsset[]; onChange?: (ids: Set<string>) => void }) {
  const [selection, setSelection] = useState<Set<string>>(() => new Set());
  return (
    <MemoryRouter>
      <CatalogTable
        rows={rows}
        sort={DEFAULT_SORT}
        onSort={() => {}}
        selection={selection}
        onSelectionChange={(next) => {
          setSelection(next);
          onChange?.(next);
        }}
        now={Date.parse("2025-01-02T12:00:00Z")}
      />
    </MemoryRouter>
  );
}

const bodyRows = () => screen.getAllByRole("row").filter((row) => row.hasAttribute("data-index"));

describe("CatalogTable", () => {
  it("renders only a window of 10,000 rows and says how many there are", () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => makeAsset({ key: `asset_${String(i).padStart(5, "0")}` }));
    const started = performance.now();
    render(<Selectable rows={rows} />);
    const elapsed = performance.now() - started;
    const rendered = bodyRows();
    // 600 px of 52 px rows plus the overscan: a few dozen, not 10,000.
    expect(rendered.length).toBeGreaterThan(10);
    expect(rendered.length).toBeLessThan(40);
    expect(screen.getByRole("grid", { name: "Assets" })).toHaveAttribute("aria-rowcount", "10001");
    expect(screen.getByRole("link", { name: "asset_00000" })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "asset_09999" })).toBeNull();
    expect(elapsed).toBeLessThan(2000);
  });

  it("shows status, latest materialization linked to its run, and descriptions as text", () => {
    render(<Selectable rows={SEED} />);
    const users = bodyRows().find((row) => row.textContent?.includes("raw_users"));
    expect(users).toBeDefined();
    const cells = within(users as HTMLElement);
    expect(cells.getByText("Materialized")).toBeInTheDocument();
    const latest = cells.getByRole("link", { name: "2 h ago" });
    expect(latest).toHaveAttribute("href", "/runs/11111111-1111-1111-1111-111111111111");
    expect(latest.getAttribute("title")).toMatch(/2025/);
    expect(cells.getByRole("link", { name: "raw_users" })).toHaveAttribute("href", "/assets/raw_users");
    const hostile = screen.getByText("<script>window.__xss = 1</script><b>bold?</b>");
    expect(hostile.querySelector("script, b")).toBeNull();
  });

  it("selects a range with shift-click and everything shown with the header box", async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    render(<Selectable rows={SEED} onChange={onChange} />);
    await user.click(screen.getByRole("checkbox", { name: "Select raw_users" }));
    await user.keyboard("{Shift>}");
    await user.click(screen.getByRole("checkbox", { name: "Select daily_events" }));
    await user.keyboard("{/Shift}");
    expect([...onChange.mock.lastCall?.[0]]).toEqual(SEED.slice(0, 4).map(assetId));
    expect(screen.getByRole("checkbox", { name: "Select revenue_by_user" })).toBeChecked();
    expect(screen.getByRole("checkbox", { name: "Select hostile_description" })).not.toBeChecked();

    await user.click(screen.getByRole("checkbox", { name: "Select all 5 shown assets" }));
    expect(onChange.mock.lastCall?.[0].size).toBe(5);
    await user.click(screen.getByRole("checkbox", { name: "Clear the selection of all 5 shown assets" }));
    expect(onChange.mock.lastCall?.[0].size).toBe(0);
  });

  it("moves between rows with the arrow keys and selects with Space", async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    render(<Selectable rows={SEED} onChange={onChange} />);
    const first = bodyRows()[0] as HTMLElement;
    expect(first).toHaveAttribute("tabindex", "0");
    first.focus();
    await user.keyboard("{ArrowDown}{ArrowDown}");
    expect(document.activeElement).toHaveAttribute("data-index", "2");
    await user.keyboard(" ");
    expect([...onChange.mock.lastCall?.[0]]).toEqual([assetId(SEED[2] as CatalogAsset)]);
    await user.keyboard("{End}");
    expect(document.activeElement).toHaveAttribute("data-index", "4");
    await user.keyboard("{ArrowRight}");
    expect(document.activeElement).toHaveAccessibleName("Select hostile_description");
  });

  it("offers no checkboxes without a selection (a viewer)", () => {
    render(
      <MemoryRouter>
        <CatalogTable rows={SEED} sort={DEFAULT_SORT} onSort={() => {}} now={Date.now()} />
      </MemoryRouter>,
    );
    expect(screen.queryByRole("checkbox")).toBeNull();
    expect(screen.getByRole("grid")).not.toHaveAttribute("aria-multiselectable");
  });

  it("reports a header click as a sort and marks the sorted column", async () => {
    const user = userEvent.setup();
    const onSort = vi.fn();
    render(
      <MemoryRouter>
        <CatalogTable rows={SEED} sort={{ column: "latest", direction: "desc" }} onSort={onSort} now={Date.now()} />
      </MemoryRouter>,
    );
    expect(screen.getByRole("columnheader", { name: /Latest materialization/ })).toHaveAttribute("aria-sort", "descending");
    expect(screen.getByRole("columnheader", { name: /Group/ })).toHaveAttribute("aria-sort", "none");
    await user.click(screen.getByRole("button", { name: /Group/ }));
    expect(onSort).toHaveBeenCalledWith("group");
  });
});
