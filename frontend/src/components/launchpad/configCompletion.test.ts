import { CompletionContext } from "@codemirror/autocomplete";
import { EditorState } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import { configCompletions, configCompletionSource } from "./configCompletion";
import { runConfigSchema } from "./configSchema";

const schema = runConfigSchema([
  {
    name: "scaled_numbers",
    description: "scaled_numbers",
    schema: {
      type: "object",
      additionalProperties: false,
      properties: {
        factor: { type: "integer", description: "How much to scale by" },
        label: { type: "string", default: "scaled" },
        mode: { enum: ["fast", "exact"] },
      },
      required: ["factor"],
    },
  },
  { name: "raw_users", schema: null },
]);

function labels(text: string, language: "yaml" | "json" = "yaml", pos = text.length) {
  return configCompletions(text, pos, language, schema)?.options.map((o) => o.label) ?? [];
}

describe("run-config completion", () => {
  it("offers the sections at the top", () => {
    expect(labels("")).toEqual(["ops", "resources", "execution", "loggers"]);
  });

  it("offers the nodes that take config under ops, not the others", () => {
    expect(labels("ops:\n  ")).toEqual(["scaled_numbers"]);
  });

  it("offers a node's config fields with their type and description", () => {
    const text = "ops:\n  scaled_numbers:\n    config:\n      ";
    const result = configCompletions(text, text.length, "yaml", schema);
    const factor = result?.options.find((o) => o.label === "factor");
    expect(result?.options.map((o) => o.label)).toEqual(["factor", "label", "mode"]);
    expect(factor?.detail).toBe("integer · required");
    expect(String(factor?.info)).toContain("How much to scale by");
    expect(factor?.apply).toBe("factor: ");
  });

  it("leaves out keys already written and completes the partial word", () => {
    const text = "ops:\n  scaled_numbers:\n    config:\n      factor: 3\n      la";
    const result = configCompletions(text, text.length, "yaml", schema);
    expect(result?.options.map((o) => o.label)).toEqual(["label", "mode"]);
    expect(result?.from).toBe(text.length - 2);
  });

  it("offers enum values for a value", () => {
    const text = "ops:\n  scaled_numbers:\n    config:\n      mode: ";
    expect(labels(text)).toEqual(["fast", "exact"]);
  });

  it("completes JSON keys at the path, quoted", () => {
    const text = '{"ops": {"scaled_numbers": {"config": {"';
    const result = configCompletions(text, text.length, "json", schema);
    expect(result?.options.map((o) => o.label)).toEqual(["factor", "label", "mode"]);
    expect(result?.options[0]?.apply).toBe('"factor": ');
    expect(result?.from).toBe(text.length - 1);
  });

  it("is the editor's completion source (Ctrl-Space is an explicit request)", async () => {
    const doc = "ops:\n  ";
    const state = EditorState.create({ doc });
    const source = configCompletionSource(() => schema, () => "yaml");
    const result = await source(new CompletionContext(state, doc.length, true));
    expect(result?.options.map((o) => o.label)).toEqual(["scaled_numbers"]);
    expect(await source(new CompletionContext(state, doc.length, false))).toBeNull();
  });
});
