/** Completion of run-config keys (and enum / boolean values) from the config schema, at the cursor's path. */
import type { Completion, CompletionContext, CompletionResult, CompletionSource } from "@codemirror/autocomplete";
import { type ConfigLanguage, existingKeys, pathAt } from "./configDocument";
import { describeType, type JsonSchema, keysAt, schemaAt } from "./configSchema";

function isObjectSchema(schema: JsonSchema): boolean {
  const variants = [schema, ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
  return variants.some((variant) => variant.type === "object" || variant.properties !== undefined);
}

function infoOf(schema: JsonSchema, required: boolean): string {
  const parts = [`${describeType(schema)}${required ? ", required" : ""}`];
  if ("default" in schema) parts.push(`default: ${JSON.stringify(schema.default)}`);
  if (schema.description) parts.push(schema.description);
  return parts.join("\n");
}

/** The completions at `pos` of `text`: what the completion source offers, without an editor. */
export function configCompletions(
  text: string,
  pos: number,
  language: ConfigLanguage,
  schema: JsonSchema,
  explicit = true,
): CompletionResult | null {
  const at = pathAt(text, pos, language);
  if (!explicit && !at.prefix && !at.quoted) return null;
  if (at.atKey) {
    const present = existingKeys(text, at.path);
    const options: Completion[] = keysAt(schema, at.path)
      .filter(({ key }) => !present.has(key) || key === at.prefix)
      .map(({ key, schema: child, required }) => {
        const nested = isObjectSchema(child);
        const apply =
          language === "json"
            ? `"${key}": `
            : nested
              ? `${key}:\n${" ".repeat(at.indent + 2)}`
              : `${key}: `;
        return {
          label: key,
          type: nested ? "namespace" : "property",
          detail: `${describeType(child)}${required ? " · required" : ""}`,
          info: infoOf(child, required),
          apply,
          boost: required ? 10 : 0,
        };
      });
    if (!options.length) return null;
    return { from: at.from, options, validFor: language === "json" ? /^"?[\w.-]*$/ : /^[\w.-]*$/ };
  }
  const valuePath = at.key !== undefined ? [...at.path, at.key] : at.path;
  const node = schemaAt(schema, valuePath);
  if (!node) return null;
  const values: unknown[] = node.enum ?? (describeType(node).includes("boolean") ? [true, false] : []);
  if (!values.length) return null;
  return {
    from: at.from,
    options: values.map((value) => ({
      label: typeof value === "string" && language === "yaml" ? value : JSON.stringify(value),
      type: "enum",
      detail: describeType(node),
    })),
  };
}

/** The CodeMirror completion source; `getSchema` is read at each request, so the schema may change. */
export function configCompletionSource(getSchema: () => JsonSchema, language: () => ConfigLanguage): CompletionSource {
  return (context: CompletionContext) =>
    configCompletions(context.state.doc.toString(), context.pos, language(), getSchema(), context.explicit);
}
