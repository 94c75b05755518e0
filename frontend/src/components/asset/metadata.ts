/** Metadata as the API serves it (`{name: {type, value}}`), read safely from `unknown`. */

export interface MetadataEntry {
  name: string;
  /** `text`, `int`, `float`, `bool`, `json`, `md`, `url`, `path`, `notebook`, `table`, ... */
  type: string;
  value: unknown;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Entries of a metadata mapping in their stored order; a malformed entry becomes a json one. */
export function metadataEntries(raw: unknown): MetadataEntry[] {
  if (!isRecord(raw)) return [];
  return Object.entries(raw).map(([name, entry]) => {
    if (isRecord(entry) && typeof entry.type === "string" && "value" in entry) {
      return { name, type: entry.type, value: entry.value };
    }
    return { name, type: "json", value: entry };
  });
}

/** The numeric value of an int or float entry; null for NaN/inf (stored as strings) and others. */
export function numericValue(entry: MetadataEntry): number | null {
  if (entry.type !== "int" && entry.type !== "float") return null;
  return typeof entry.value === "number" && Number.isFinite(entry.value) ? entry.value : null;
}

export interface TableColumn {
  name: string;
  type: string;
  description: string | null;
}

/** The columns of a `table_schema` value (or the `schema` of a `table` value). */
export function tableColumns(value: unknown): TableColumn[] {
  if (!isRecord(value) || !Array.isArray(value.columns)) return [];
  return value.columns.filter(isRecord).map((column) => ({
    name: String(column.name ?? ""),
    type: String(column.type ?? ""),
    description: typeof column.description === "string" ? column.description : null,
  }));
}

/** Rows and column names of a `table` value: columns from its schema, else every key of its rows. */
export function tableRecords(value: unknown): { columns: string[]; rows: Record<string, unknown>[] } {
  if (!isRecord(value)) return { columns: [], rows: [] };
  const rows = Array.isArray(value.records) ? value.records.filter(isRecord) : [];
  let columns = tableColumns(value.schema).map((c) => c.name);
  if (columns.length === 0) {
    const seen = new Set<string>();
    for (const row of rows) for (const name of Object.keys(row)) seen.add(name);
    columns = [...seen];
  }
  return { columns, rows };
}

/** A value shown as one line of text: strings as they are, anything else as JSON. */
export function plainText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "null";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** http(s) and mailto links only: anything else (javascript:, data:) is shown as text. */
export function safeUrl(value: unknown): string | null {
  if (typeof value !== "string") return null;
  try {
    const url = new URL(value, window.location.origin);
    return ["http:", "https:", "mailto:"].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}
