/** The fields of a config JSON schema, flattened to dotted paths for a readable table. */
import { blankOf } from "@/components/launchpad/configSchema";
import { isRecord } from "./metadata";

export interface ConfigField {
  /** Dotted path: `factor`, `source.url`. */
  path: string;
  depth: number;
  type: string;
  required: boolean;
  /** JSON of the default, or null when there is none. */
  defaultValue: string | null;
  description: string | null;
}

type Schema = Record<string, unknown>;

/** Nested objects deeper than this are shown as `object` rather than opened. */
const MAX_DEPTH = 6;

function resolve(schema: Schema, root: Schema, seen: Set<string>): Schema {
  const ref = schema.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/") || seen.has(ref)) return schema;
  let target: unknown = root;
  for (const part of ref.slice(2).split("/")) target = isRecord(target) ? target[part] : undefined;
  if (!isRecord(target)) return schema;
  const { $ref: _ignored, ...rest } = schema;
  return { ...resolve(target, root, new Set([...seen, ref])), ...rest };
}

/** `anyOf: [X, {type: null}]` (pydantic's Optional[X]) is X, nullable. */
function variants(schema: Schema): Schema[] | null {
  const list = schema.anyOf ?? schema.oneOf;
  return Array.isArray(list) ? list.filter(isRecord) : null;
}

export function schemaType(raw: Schema, root: Schema, seen: Set<string> = new Set()): string {
  const schema = resolve(raw, root, seen);
  if (Array.isArray(schema.enum)) return `enum(${schema.enum.map((v) => JSON.stringify(v)).join(", ")})`;
  if ("const" in schema) return `const ${JSON.stringify(schema.const)}`;
  const options = variants(schema);
  if (options) {
    const names = options.map((option) => schemaType(option, root, seen));
    return [...new Set(names)].join(" | ");
  }
  const type = schema.type;
  if (Array.isArray(type)) return type.map(String).join(" | ");
  if (type === "array") {
    return isRecord(schema.items) ? `array<${schemaType(schema.items, root, seen)}>` : "array";
  }
  if (type === "object" || isRecord(schema.properties)) {
    if (!isRecord(schema.properties) && isRecord(schema.additionalProperties)) {
      return `map<string, ${schemaType(schema.additionalProperties, root, seen)}>`;
    }
    return typeof schema.title === "string" && raw.$ref ? schema.title : "object";
  }
  return typeof type === "string" ? type : "any";
}

/** The object schema a field holds, directly or as the non-null side of an Optional. */
function objectBody(raw: Schema, root: Schema): Schema | null {
  const schema = resolve(raw, root, new Set());
  if (isRecord(schema.properties)) return schema;
  const options = variants(schema);
  if (!options) return null;
  const objects = options.map((o) => resolve(o, root, new Set())).filter((o) => isRecord(o.properties));
  const others = options.filter((o) => resolve(o, root, new Set()).type !== "null");
  return objects.length === 1 && others.length === 1 ? (objects[0] ?? null) : null;
}

function visit(schema: Schema, root: Schema, prefix: string, depth: number, out: ConfigField[]): void {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  for (const [name, value] of Object.entries(properties)) {
    if (!isRecord(value)) continue;
    const path = prefix ? `${prefix}.${name}` : name;
    const field = resolve(value, root, new Set());
    const description =
      typeof value.description === "string"
        ? value.description
        : typeof field.description === "string"
          ? field.description
          : null;
    out.push({
      path,
      depth,
      type: schemaType(value, root),
      required: required.has(name),
      defaultValue: "default" in value ? JSON.stringify(value.default) : null,
      description,
    });
    const body = objectBody(value, root);
    if (body && depth < MAX_DEPTH) visit(body, root, path, depth + 1, out);
  }
}

/** Every field of a config schema, parents before their children. */
export function configFields(schema: unknown): ConfigField[] {
  if (!isRecord(schema)) return [];
  const out: ConfigField[] = [];
  const body = objectBody(schema, schema) ?? schema;
  visit(body, schema, "", 0, out);
  return out;
}

function placeholder(raw: Schema, root: Schema, depth: number): unknown {
  const schema = resolve(raw, root, new Set());
  if ("default" in raw) return raw.default;
  if ("default" in schema) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0] ?? null;
  const body = objectBody(raw, root);
  if (body && depth < MAX_DEPTH) return scaffoldObject(body, root, depth + 1);
  return blankOf(Array.isArray(schema.type) ? schema.type[0] : schema.type);
}

function scaffoldObject(schema: Schema, root: Schema, depth: number): Record<string, unknown> {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(properties)) {
    if (isRecord(value)) out[name] = placeholder(value, root, depth);
  }
  return out;
}

/** Run config for the asset's op with every field at its default (or a typed blank). */
export function scaffoldRunConfig(nodeName: string, schema: unknown): Record<string, unknown> {
  if (!isRecord(schema)) return {};
  const body = objectBody(schema, schema) ?? schema;
  return { ops: { [nodeName]: { config: scaffoldObject(body, schema, 0) } } };
}

/** True when a run needs config the user must give (a required field without a default). */
export function needsConfig(schema: unknown): boolean {
  return configFields(schema).some((field) => field.depth === 0 && field.required && field.defaultValue === null);
}
