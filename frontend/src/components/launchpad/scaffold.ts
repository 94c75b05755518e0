/** "Scaffold missing config": the required fields the text lacks, written in with placeholders or defaults. */
import { applyInsertions, type ConfigLanguage, parseConfig } from "./configDocument";
import { type Insertion, isRecord, type JsonSchema, missingRequired, placeholderFor, schemaAt } from "./configSchema";

export interface ScaffoldResult {
  text: string;
  /** Dotted paths (inside the run config) that were added. */
  added: string[];
  /** Why nothing could be added (the text does not parse). */
  error?: string;
}

function run(text: string, language: ConfigLanguage, insertions: (value: unknown) => Insertion[]): ScaffoldResult {
  const parsed = parseConfig(text, language);
  if (parsed.value === undefined) {
    return { text, added: [], error: `Fix the ${language.toUpperCase()} first: ${parsed.problems[0]?.message ?? "it does not parse"}.` };
  }
  const wanted = insertions(parsed.value);
  if (!wanted.length) return { text, added: [] };
  return { text: applyInsertions(text, language, wanted), added: wanted.map((i) => i.path.join(".")) };
}

export function scaffoldMissing(text: string, language: ConfigLanguage, schema: JsonSchema): ScaffoldResult {
  return run(text, language, (value) => missingRequired(value ?? {}, schema));
}

/** Adds one node's config (its required fields, or an empty object) when the text has none yet. */
export function scaffoldNode(text: string, language: ConfigLanguage, schema: JsonSchema, node: string): ScaffoldResult {
  const path = ["ops", node, "config"];
  const nodeSchema = schemaAt(schema, path);
  if (!nodeSchema) return { text, added: [] };
  return run(text, language, (value) => {
    let cursor: unknown = value;
    for (let depth = 0; depth < path.length; depth++) {
      const segment = path[depth] ?? "";
      const next = isRecord(cursor) ? cursor[segment] : undefined;
      if (next == null) {
        // Missing (or written empty): the rest of the path comes whole, so no empty value is walked into.
        let built: unknown = placeholderFor(nodeSchema);
        for (let i = path.length - 1; i > depth; i--) built = { [path[i] ?? ""]: built };
        return isRecord(cursor) || depth === 0 ? [{ path: path.slice(0, depth + 1), value: built }] : [];
      }
      cursor = next;
    }
    return missingRequired(cursor, nodeSchema, path);
  });
}
