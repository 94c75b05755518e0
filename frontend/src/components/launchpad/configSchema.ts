/**
 * The run config's JSON schema, assembled from the launched nodes' config schemas, and what the
 * launchpad derives from it: the schema at a path, field rows, a light validation, and the
 * values that "Scaffold missing config" fills in.
 */

export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A JSON schema from the API's `config_schema` (untyped there), or null when there is none. */
export function asJsonSchema(value: unknown): JsonSchema | null {
  return isRecord(value) ? (value as JsonSchema) : null;
}

const MAX_REF_DEPTH = 12;

/** The schema with every local `$ref` (`#/$defs/...`) replaced by what it names (cycles cut). */
export function inlineRefs(schema: JsonSchema, root: JsonSchema = schema, depth = 0): JsonSchema {
  if (depth > MAX_REF_DEPTH) return {};
  let node = schema;
  if (node.$ref) {
    const target = resolvePointer(root, node.$ref);
    const { $ref: _ref, ...rest } = node;
    node = { ...(target ?? {}), ...rest };
  }
  const out: JsonSchema = { ...node };
  delete out.$defs;
  delete out.definitions;
  if (node.properties) {
    out.properties = Object.fromEntries(
      Object.entries(node.properties).map(([key, value]) => [key, inlineRefs(value, root, depth + 1)]),
    );
  }
  if (node.items) out.items = inlineRefs(node.items, root, depth + 1);
  if (isRecord(node.additionalProperties)) {
    out.additionalProperties = inlineRefs(node.additionalProperties, root, depth + 1);
  }
  for (const combinator of ["anyOf", "oneOf", "allOf"] as const) {
    const variants = node[combinator];
    if (variants) out[combinator] = variants.map((variant) => inlineRefs(variant, root, depth + 1));
  }
  return out;
}

function resolvePointer(root: JsonSchema, ref: string): JsonSchema | null {
  if (!ref.startsWith("#/")) return null;
  let node: unknown = root;
  for (const raw of ref.slice(2).split("/")) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (!isRecord(node)) return null;
    node = node[part];
  }
  return asJsonSchema(node);
}

/** One launched node (an asset's op or an op of a job) and its config schema. */
export interface ConfigNode {
  name: string;
  schema: JsonSchema | null;
  /** What the node is, for completion and the schema panel (e.g. the asset key). */
  description?: string;
  /** The node's schema is not known here (an op of an op job): any config is let through. */
  unknown?: boolean;
}

/** The run config's schema: `ops.<node>.config` for every node that takes config, and the other sections. */
export function runConfigSchema(nodes: ConfigNode[]): JsonSchema {
  const ops: Record<string, JsonSchema> = {};
  const requiredOps: string[] = [];
  const open = nodes.some((node) => node.unknown);
  for (const node of nodes) {
    if (node.unknown && !ops[node.name]) {
      ops[node.name] = { type: "object", description: node.description, properties: { config: { description: `Config of ${node.name}` } } };
      continue;
    }
    if (!node.schema || ops[node.name]) continue;
    const config = inlineRefs(node.schema);
    const needsConfig = (config.required?.length ?? 0) > 0;
    ops[node.name] = {
      type: "object",
      description: node.description,
      properties: { config: { ...config, description: config.description ?? `Config of ${node.name}` } },
      required: needsConfig ? ["config"] : [],
      additionalProperties: false,
    };
    if (needsConfig) requiredOps.push(node.name);
  }
  return {
    type: "object",
    properties: {
      ops: {
        type: "object",
        description: "Config of the launched assets and ops, by node name.",
        properties: ops,
        required: requiredOps,
        additionalProperties: open ? { type: "object" } : false,
      },
      resources: { type: "object", description: "Config of the resources, by resource key." },
      execution: { type: "object", description: "How steps are executed within the run." },
      loggers: { type: "object", description: "How loggers emit messages within the run." },
    },
    required: requiredOps.length ? ["ops"] : [],
    additionalProperties: false,
  };
}

/** The first object-like variant of a union (`Optional[Model]` is `anyOf: [Model, null]`). */
function objectVariant(schema: JsonSchema): JsonSchema {
  if (schema.properties) return schema;
  for (const variant of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) {
    if (variant.properties || variant.items) return variant;
  }
  return schema;
}

/** The schema of the value at `path`, or null when the schema does not describe it. */
export function schemaAt(schema: JsonSchema, path: readonly string[]): JsonSchema | null {
  let node: JsonSchema | null = schema;
  for (const segment of path) {
    if (!node) return null;
    const current: JsonSchema = objectVariant(node);
    if (current.properties && segment in current.properties) node = current.properties[segment] ?? null;
    else if (current.items && /^\d+$/.test(segment)) node = current.items;
    else if (isRecord(current.additionalProperties)) node = current.additionalProperties;
    else return null;
  }
  return node;
}

/** The keys an object at `path` may hold, with their schema and whether they are required. */
export function keysAt(schema: JsonSchema, path: readonly string[]): { key: string; schema: JsonSchema; required: boolean }[] {
  const node = schemaAt(schema, path);
  if (!node) return [];
  const object = objectVariant(node);
  const required = new Set(object.required ?? []);
  return Object.entries(object.properties ?? {}).map(([key, value]) => ({ key, schema: value, required: required.has(key) }));
}

/** `integer`, `string | null`, `array of string`, `"a" | "b"`. */
export function describeType(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map(describeType).join(" | ");
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : schema.type;
  if (type === "array" && schema.items) return `array of ${describeType(schema.items)}`;
  if (type) return type;
  if (schema.properties) return "object";
  return "any";
}

export interface FieldRow {
  /** Dotted, inside the node's config (`factor`, `source.table`). */
  name: string;
  depth: number;
  type: string;
  required: boolean;
  default: unknown;
  hasDefault: boolean;
  description: string;
}

/** The fields of one node's config, nested objects expanded, for the schema table. */
export function fieldRows(schema: JsonSchema, prefix = "", depth = 0): FieldRow[] {
  const rows: FieldRow[] = [];
  const object = objectVariant(schema);
  const required = new Set(object.required ?? []);
  for (const [key, value] of Object.entries(object.properties ?? {})) {
    const name = prefix ? `${prefix}.${key}` : key;
    rows.push({
      name,
      depth,
      type: describeType(value),
      required: required.has(key),
      default: value.default,
      hasDefault: "default" in value,
      description: value.description ?? "",
    });
    const inner = objectVariant(value);
    if (inner.properties && depth < 6) rows.push(...fieldRows(inner, name, depth + 1));
  }
  return rows;
}

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  return [];
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = jsonType(value);
  if (type === "number") return actual === "number" || actual === "integer";
  return actual === type;
}

export interface SchemaProblem {
  path: string[];
  message: string;
}

/**
 * Problems the browser can see before the server does: types, required and unknown fields, enums.
 * The server validates again with the full JSON schema; this only spares a round trip.
 */
export function validateConfig(value: unknown, schema: JsonSchema, path: string[] = []): SchemaProblem[] {
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    const results = variants.map((variant) => validateConfig(value, variant, path));
    if (results.some((problems) => problems.length === 0)) return [];
    return [{ path, message: `${JSON.stringify(value)} is not ${describeType(schema)}` }];
  }
  const problems: SchemaProblem[] = [];
  for (const part of schema.allOf ?? []) problems.push(...validateConfig(value, part, path));
  const types = typesOf(schema);
  // `ops:` written without entries yet reads as null: it is an object in the making, not a wrong type.
  if (value === null && types.includes("object") && !types.includes("null")) return validateConfig({}, schema, path);
  if (types.length && !types.some((type) => matchesType(value, type))) {
    return [{ path, message: `${JSON.stringify(value) ?? "nothing"} is not of type ${types.map((t) => `'${t}'`).join(", ")}` }];
  }
  if (schema.enum && !schema.enum.some((option) => JSON.stringify(option) === JSON.stringify(value))) {
    problems.push({ path, message: `${JSON.stringify(value)} is not one of ${describeType(schema)}` });
  }
  if (isRecord(value) && (schema.properties || schema.required || schema.additionalProperties !== undefined)) {
    for (const key of schema.required ?? []) {
      if (!(key in value)) problems.push(...missingLeaves(key, schema.properties?.[key], [...path, key]));
    }
    for (const [key, child] of Object.entries(value)) {
      const childSchema = schema.properties?.[key];
      if (childSchema) problems.push(...validateConfig(child, childSchema, [...path, key]));
      else if (schema.additionalProperties === false) {
        problems.push({ path: [...path, key], message: `'${key}' is not a known field here` });
      } else if (isRecord(schema.additionalProperties)) {
        problems.push(...validateConfig(child, schema.additionalProperties, [...path, key]));
      }
    }
  }
  if (Array.isArray(value) && schema.items) {
    const items = schema.items;
    value.forEach((item, index) => problems.push(...validateConfig(item, items, [...path, String(index)])));
  }
  return problems;
}

/** A missing required field, named by the deepest required fields inside it (what the user must write). */
function missingLeaves(key: string, schema: JsonSchema | undefined, path: string[]): SchemaProblem[] {
  const object = schema ? objectVariant(schema) : null;
  const inner = object?.required?.filter((name) => object.properties?.[name]) ?? [];
  if (!object || !inner.length || path.length > 12) return [{ path, message: `'${key}' is a required property` }];
  return inner.flatMap((name) => missingLeaves(name, object.properties?.[name], [...path, name]));
}

/** A value for a field the user has to fill: its default, else an empty value of its type. */
export function placeholderFor(schema: JsonSchema): unknown {
  if ("default" in schema) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) {
    const nonNull = variants.find((variant) => !typesOf(variant).includes("null")) ?? variants[0];
    return nonNull ? placeholderFor(nonNull) : null;
  }
  const object = objectVariant(schema);
  if (object.properties) {
    const out: Record<string, unknown> = {};
    for (const key of object.required ?? []) {
      const child = object.properties[key];
      out[key] = child ? placeholderFor(child) : null;
    }
    return out;
  }
  return blankOf(typesOf(schema)[0]);
}

/** The empty value of a JSON-schema type (`""` for an unknown one). */
export function blankOf(type: unknown): unknown {
  switch (type) {
    case "integer":
    case "number":
      return 0;
    case "boolean":
      return false;
    case "array":
      return [];
    case "object":
      return {};
    case "null":
      return null;
    default:
      return "";
  }
}

export interface Insertion {
  path: string[];
  value: unknown;
}

/**
 * What "Scaffold missing config" adds: each required field absent from `value`, at the shallowest
 * path where it is missing (a missing object comes whole, with its own required fields).
 */
export function missingRequired(value: unknown, schema: JsonSchema, path: string[] = []): Insertion[] {
  const object = objectVariant(schema);
  if (!object.properties) return [];
  if (!isRecord(value)) {
    return value == null ? [{ path, value: placeholderFor(object) }] : [];
  }
  const out: Insertion[] = [];
  const required = new Set(object.required ?? []);
  for (const [key, child] of Object.entries(object.properties)) {
    const present = key in value && value[key] != null;
    if (!present) {
      if (required.has(key)) out.push({ path: [...path, key], value: placeholderFor(child) });
    } else {
      out.push(...missingRequired(value[key], child, [...path, key]));
    }
  }
  return out;
}
