import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { configFields, needsConfig, scaffoldRunConfig } from "./configSchema";
import { ConfigSchemaView } from "./ConfigSchemaView";

const SCALE = {
  additionalProperties: false,
  properties: {
    factor: { title: "Factor", type: "integer" },
    label: { default: "scaled", title: "Label", type: "string", description: "Shown on the report" },
  },
  required: ["factor"],
  title: "ScaleConfig",
  type: "object",
};

const NESTED = {
  $defs: {
    Source: {
      properties: { url: { type: "string" }, retries: { type: "integer", default: 3 } },
      required: ["url"],
      title: "Source",
      type: "object",
    },
  },
  properties: {
    source: { $ref: "#/$defs/Source" },
    backup: { anyOf: [{ $ref: "#/$defs/Source" }, { type: "null" }], default: null },
    mode: { enum: ["full", "delta"], type: "string", default: "full" },
    tags: { type: "array", items: { type: "string" } },
    limits: { type: "object", additionalProperties: { type: "number" } },
    ratio: { anyOf: [{ type: "number" }, { type: "null" }] },
  },
  required: ["source"],
  type: "object",
};

describe("configFields", () => {
  it("lists a flat schema's fields with type, required and default", () => {
    expect(configFields(SCALE)).toEqual([
      { path: "factor", depth: 0, type: "integer", required: true, defaultValue: null, description: null },
      { path: "label", depth: 0, type: "string", required: false, defaultValue: '"scaled"', description: "Shown on the report" },
    ]);
  });

  it("follows $refs, opens nested objects and names composite types", () => {
    const fields = configFields(NESTED);
    expect(fields.map((f) => [f.path, f.type, f.required, f.defaultValue])).toEqual([
      ["source", "Source", true, null],
      ["source.url", "string", true, null],
      ["source.retries", "integer", false, "3"],
      ["backup", "Source | null", false, "null"],
      ["backup.url", "string", true, null],
      ["backup.retries", "integer", false, "3"],
      ["mode", 'enum("full", "delta")', false, '"full"'],
      ["tags", "array<string>", false, null],
      ["limits", "map<string, number>", false, null],
      ["ratio", "number | null", false, null],
    ]);
    expect(fields.find((f) => f.path === "source.url")?.depth).toBe(1);
  });

  it("is empty for no schema", () => {
    expect(configFields(null)).toEqual([]);
  });
});

describe("scaffoldRunConfig / needsConfig", () => {
  it("fills defaults and typed blanks under the asset's op", () => {
    expect(scaffoldRunConfig("scaled_numbers", SCALE)).toEqual({
      ops: { scaled_numbers: { config: { factor: 0, label: "scaled" } } },
    });
  });

  it("needs config only for a required field without a default", () => {
    expect(needsConfig(SCALE)).toBe(true);
    expect(needsConfig({ type: "object", properties: { a: { type: "string", default: "x" } } })).toBe(false);
    expect(needsConfig(null)).toBe(false);
  });
});

describe("ConfigSchemaView", () => {
  it("shows the field table, an example and the raw schema", () => {
    render(<ConfigSchemaView schema={SCALE} nodeName="scaled_numbers" />);
    const rows = within(screen.getByRole("table", { name: "Config fields" })).getAllByRole("row");
    expect(rows.map((r) => r.textContent)).toEqual([
      "FieldTypeRequiredDefaultDescription",
      "factorintegerrequired—",
      'labelstringoptional"scaled"Shown on the report',
    ]);
    expect(screen.getByText("JSON schema")).toBeInTheDocument();
    expect(screen.getByText(/"scaled_numbers"/)).toBeInTheDocument();
  });

  it("says when there is no config", () => {
    render(<ConfigSchemaView schema={null} nodeName="x" />);
    expect(screen.getByText("This asset takes no config.")).toBeInTheDocument();
  });
});
