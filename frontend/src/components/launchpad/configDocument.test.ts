import { describe, expect, it } from "vitest";
import { jsonPathAt, parseConfig, rangeOfPath, yamlPathAt } from "./configDocument";

const at = (text: string, range: { from: number; to: number }) => text.slice(range.from, range.to);

describe("error path → position in the text", () => {
  const yamlText = "ops:\n  scaled_numbers:\n    config:\n      factor: x\n      label: hi\n";
  const jsonText = '{\n  "ops": {\n    "scaled_numbers": {\n      "config": {"factor": "x"}\n    }\n  }\n}\n';

  it("finds a YAML field's value", () => {
    const range = rangeOfPath(yamlText, ["ops", "scaled_numbers", "config", "factor"]);
    expect(at(yamlText, range)).toBe("x");
    expect(range.matched).toBe(4);
  });

  it("puts a missing YAML field on its deepest existing parent's key", () => {
    const text = "ops:\n  scaled_numbers:\n    config:\n      label: hi\n";
    const range = rangeOfPath(text, ["ops", "scaled_numbers", "config", "factor"]);
    expect(at(text, range)).toBe("config");
    expect(range.matched).toBe(3);
  });

  it("finds a JSON field's value and a missing JSON field's parent", () => {
    expect(at(jsonText, rangeOfPath(jsonText, ["ops", "scaled_numbers", "config", "factor"]))).toBe('"x"');
    expect(at(jsonText, rangeOfPath(jsonText, ["ops", "scaled_numbers", "config", "label"]))).toBe('"config"');
  });

  it("falls back to the first line of an empty or unrelated document", () => {
    expect(rangeOfPath("", ["ops"])).toEqual({ from: 0, to: 0, matched: 0 });
    expect(rangeOfPath("resources: {}\n", ["ops", "x"]).matched).toBe(0);
  });
});

describe("cursor path", () => {
  it("reads YAML nesting from indentation", () => {
    const text = "ops:\n  scaled_numbers:\n    config:\n      fa";
    expect(yamlPathAt(text, text.length)).toMatchObject({ path: ["ops", "scaled_numbers", "config"], atKey: true, prefix: "fa" });
  });

  it("knows a YAML value position", () => {
    const text = "ops:\n  x:\n    config:\n      mode: fa";
    expect(yamlPathAt(text, text.length)).toMatchObject({ path: ["ops", "x", "config"], atKey: false, key: "mode", prefix: "fa" });
  });

  it("reads JSON nesting by scanning", () => {
    const text = '{"ops": {"x": {"config": {"a": 1, "';
    expect(jsonPathAt(text, text.length)).toMatchObject({ path: ["ops", "x", "config"], atKey: true, quoted: true });
  });
});

describe("parsing", () => {
  it("reports where YAML and JSON fail", () => {
    const yamlProblem = parseConfig("ops:\n  x: [1,\n", "yaml");
    expect(yamlProblem.value).toBeUndefined();
    expect(yamlProblem.problems[0]?.message).toMatch(/^YAML:/);
    const jsonProblem = parseConfig('{"ops": }', "json");
    expect(jsonProblem.value).toBeUndefined();
    expect(jsonProblem.problems[0]?.from).toBe(8);
  });

  it("reads an empty document as null", () => {
    expect(parseConfig("  \n", "yaml")).toEqual({ value: null, problems: [] });
  });
});
