import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { metadataEntries, numericValue } from "./metadata";
import { MetadataTable } from "./MetadataTable";

function renderTable(metadata: unknown) {
  return render(
    <MemoryRouter>
      <MetadataTable metadata={metadata} label="Definition metadata" />
    </MemoryRouter>,
  );
}

function valueCell(name: string): HTMLElement {
  const row = screen.getByText(name, { selector: ".asset-meta-key .mono" }).closest("tr");
  if (!row) throw new Error(`no row ${name}`);
  const cell = row.querySelector("td");
  if (!cell) throw new Error(`no value cell for ${name}`);
  return cell;
}

describe("metadataEntries", () => {
  it("reads {name: {type, value}} and keeps malformed entries as json", () => {
    expect(metadataEntries({ a: { type: "int", value: 3 }, b: "loose" })).toEqual([
      { name: "a", type: "int", value: 3 },
      { name: "b", type: "json", value: "loose" },
    ]);
    expect(metadataEntries(null)).toEqual([]);
    expect(metadataEntries([1, 2])).toEqual([]);
  });

  it("reads numbers but not NaN stored as a string", () => {
    expect(numericValue({ name: "x", type: "float", value: 1.5 })).toBe(1.5);
    expect(numericValue({ name: "x", type: "float", value: "nan" })).toBeNull();
    expect(numericValue({ name: "x", type: "text", value: 3 })).toBeNull();
  });
});

describe("MetadataTable", () => {
  it("says when there is no metadata", () => {
    renderTable({});
    expect(screen.getByText("No metadata.")).toBeInTheDocument();
  });

  it("renders each type appropriately", () => {
    renderTable({
      note: { type: "text", value: "<b>not bold</b>" },
      rows: { type: "int", value: 1234567 },
      ratio: { type: "float", value: 0.25 },
      ok: { type: "bool", value: true },
      docs: { type: "url", value: "https://example.com/a" },
      evil: { type: "url", value: "javascript:alert(1)" },
      where: { type: "path", value: "/tmp/storage/revenue" },
      conf: { type: "json", value: { a: [1, 2] } },
      readme: { type: "md", value: "**strong** <script>x()</script>" },
      upstream: { type: "asset", value: "raw/users" },
      schema: {
        type: "table_schema",
        value: { columns: [{ name: "user_id", type: "int64", description: null }, { name: "name", type: "str", description: null }] },
      },
      sample: {
        type: "table",
        value: { records: [{ id: 1, name: "ann" }, { id: 2, name: "<i>bo</i>" }], schema: null },
      },
    });

    const note = valueCell("note");
    expect(note).toHaveTextContent("<b>not bold</b>");
    expect(note.querySelector("b")).toBeNull();

    expect(valueCell("rows")).toHaveTextContent((1234567).toLocaleString());
    expect(valueCell("ratio")).toHaveTextContent("0.25");
    expect(valueCell("ok")).toHaveTextContent("true");

    const docs = within(valueCell("docs")).getByRole("link");
    expect(docs).toHaveAttribute("href", "https://example.com/a");
    expect(docs.getAttribute("rel")).toContain("noopener");
    expect(within(valueCell("evil")).queryByRole("link")).toBeNull();
    expect(valueCell("evil")).toHaveTextContent("javascript:alert(1)");

    expect(valueCell("where").querySelector("code")).toHaveTextContent("/tmp/storage/revenue");
    expect(within(valueCell("where")).getByRole("button", { name: "Copy where" })).toBeInTheDocument();

    const json = valueCell("conf").querySelector("pre");
    expect(json?.textContent).toBe(JSON.stringify({ a: [1, 2] }, null, 2));

    const readme = valueCell("readme");
    expect(readme.querySelector("strong")).toHaveTextContent("strong");
    expect(readme.querySelector("script")).toBeNull();

    expect(within(valueCell("upstream")).getByRole("link", { name: "raw/users" })).toHaveAttribute(
      "href",
      "/assets/raw/users",
    );

    const schema = within(valueCell("schema")).getByRole("table");
    expect(within(schema).getAllByRole("row").map((r) => r.textContent)).toEqual([
      "ColumnType",
      "user_idint64",
      "namestr",
    ]);

    const sample = within(valueCell("sample")).getByRole("table");
    expect(within(sample).getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["id", "name"]);
    expect(sample).toHaveTextContent("<i>bo</i>");
    expect(sample.querySelector("i")).toBeNull();
  });

  it("filters keys when the table is long", async () => {
    const metadata = Object.fromEntries(
      Array.from({ length: 9 }, (_, i) => [`key_${i}`, { type: "int", value: i }]),
    );
    renderTable({ ...metadata, row_count: { type: "int", value: 3 } });
    await userEvent.type(screen.getByLabelText("Filter Definition metadata"), "row");
    const rows = within(screen.getByRole("table", { name: "Definition metadata" })).getAllByRole("row");
    expect(rows).toHaveLength(2);
    expect(rows[1]).toHaveTextContent("row_count");
  });
});
