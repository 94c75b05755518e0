import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runConfigSchema, validateConfig } from "./configSchema";
import { scaffoldMissing, scaffoldNode } from "./scaffold";

const schema = runConfigSchema([
  {
    name: "scaled_numbers",
    schema: {
      type: "object",
      additionalProperties: false,
      properties: {
        factor: { type: "integer" },
        label: { type: "string", default: "scaled" },
        source: { $ref: "#/$defs/Source" },
      },
      required: ["factor", "source"],
      $defs: { Source: { type: "object", properties: { table: { type: "string" }, limit: { type: "integer", default: 10 } }, required: ["table"] } },
    },
  },
  { name: "optional_config", schema: { type: "object", properties: { verbose: { type: "boolean", default: false } } } },
]);

describe("Scaffold missing config", () => {
  it("fills an empty YAML document with the required fields only", () => {
    const result = scaffoldMissing("", "yaml", schema);
    expect(parse(result.text)).toEqual({ ops: { scaled_numbers: { config: { factor: 0, source: { table: "" } } } } });
    expect(result.added).toEqual(["ops"]);
  });

  it("adds what is missing beside what is written, keeping comments", () => {
    const text = "# my run\nops:\n  scaled_numbers:\n    config:\n      label: big # wide\n";
    const result = scaffoldMissing(text, "yaml", schema);
    expect(result.text).toContain("# my run");
    expect(result.text).toContain("label: big # wide");
    expect(parse(result.text)).toEqual({
      ops: { scaled_numbers: { config: { label: "big", factor: 0, source: { table: "" } } } },
    });
    expect(result.added).toEqual(["ops.scaled_numbers.config.factor", "ops.scaled_numbers.config.source"]);
  });

  it("fills an entry written empty (`scaled_numbers:`)", () => {
    const result = scaffoldMissing("ops:\n  scaled_numbers:\n", "yaml", schema);
    expect(parse(result.text)).toEqual({ ops: { scaled_numbers: { config: { factor: 0, source: { table: "" } } } } });
  });

  it("works on JSON", () => {
    const result = scaffoldMissing('{"ops": {"scaled_numbers": {"config": {"factor": 3}}}}', "json", schema);
    expect(JSON.parse(result.text)).toEqual({ ops: { scaled_numbers: { config: { factor: 3, source: { table: "" } } } } });
  });

  it("leaves a complete config alone and refuses text that does not parse", () => {
    const complete = "ops:\n  scaled_numbers:\n    config:\n      factor: 2\n      source:\n        table: t\n";
    expect(scaffoldMissing(complete, "yaml", schema)).toEqual({ text: complete, added: [] });
    expect(scaffoldMissing("ops: [", "yaml", schema).error).toMatch(/Fix the YAML first/);
  });

  it("adds one node's config on request, even one with no required field", () => {
    const result = scaffoldNode("", "yaml", schema, "optional_config");
    expect(parse(result.text)).toEqual({ ops: { optional_config: { config: {} } } });
  });

  it("leaves nothing for the schema check to complain about but the placeholders' values", () => {
    const value = parse(scaffoldMissing("", "yaml", schema).text);
    expect(validateConfig(value, schema)).toEqual([]);
  });
});

describe("the schema check", () => {
  it("names the deepest required fields of a missing section", () => {
    expect(validateConfig(null, schema).map((p) => p.path.join("."))).toEqual([
      "ops.scaled_numbers.config.factor",
      "ops.scaled_numbers.config.source.table",
    ]);
  });

  it("reports types and unknown fields", () => {
    const problems = validateConfig({ ops: { scaled_numbers: { config: { factor: "x", source: { table: "t" }, extra: 1 } } } }, schema);
    expect(problems.map((p) => [p.path.join("."), p.message])).toEqual([
      ["ops.scaled_numbers.config.factor", "\"x\" is not of type 'integer'"],
      ["ops.scaled_numbers.config.extra", "'extra' is not a known field here"],
    ]);
  });
});
