/** One metadata value, shown by its type; every string reaches the page as text. */
import { useState } from "react";
import { Link } from "react-router";
import { Markdown } from "@/components/common/Markdown";
import { assetPath, formatDateTime } from "@/lib/format";
import { type MetadataEntry, isRecord, plainText, safeUrl, tableColumns, tableRecords } from "./metadata";

/** Rows of a table value shown before "Show all". */
const TABLE_PREVIEW_ROWS = 10;
/** JSON longer than this many lines starts folded. */
const JSON_FOLD_LINES = 12;

function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="btn btn-sm asset-copy"
      aria-label={label}
      title={label}
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => {
          setCopied(true);
          window.setTimeout(() => setCopied(false), 1200);
        });
      }}
    >
      {copied ? "Copied" : "Copy"}
    </button>
  );
}

function JsonValue({ value }: { value: unknown }) {
  const text = JSON.stringify(value, null, 2) ?? "null";
  const lines = text.split("\n").length;
  const [open, setOpen] = useState(lines <= JSON_FOLD_LINES);
  if (!open) {
    return (
      <div>
        <code className="asset-json-preview">{JSON.stringify(value)}</code>{" "}
        <button type="button" className="btn btn-sm" onClick={() => setOpen(true)}>
          Expand ({lines} lines)
        </button>
      </div>
    );
  }
  return <pre className="asset-json">{text}</pre>;
}

function TableSchemaValue({ value }: { value: unknown }) {
  const columns = tableColumns(value);
  if (columns.length === 0) return <span className="muted">No columns</span>;
  const described = columns.some((c) => c.description);
  return (
    <table className="table asset-mini-table">
      <thead>
        <tr>
          <th scope="col">Column</th>
          <th scope="col">Type</th>
          {described && <th scope="col">Description</th>}
        </tr>
      </thead>
      <tbody>
        {columns.map((column) => (
          <tr key={column.name}>
            <td className="mono">{column.name}</td>
            <td className="mono muted">{column.type}</td>
            {described && <td>{column.description ?? ""}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TableValue({ value }: { value: unknown }) {
  const { columns, rows } = tableRecords(value);
  const [all, setAll] = useState(false);
  if (rows.length === 0) return <span className="muted">No rows</span>;
  const shown = all ? rows : rows.slice(0, TABLE_PREVIEW_ROWS);
  return (
    <div className="asset-table-value">
      <table className="table asset-mini-table">
        <thead>
          <tr>
            {columns.map((name) => (
              <th key={name} scope="col">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row, index) => (
            <tr key={index}>
              {columns.map((name) => (
                <td key={name}>{plainText(row[name] ?? "")}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > TABLE_PREVIEW_ROWS && (
        <button type="button" className="btn btn-sm" onClick={() => setAll((v) => !v)}>
          {all ? "Show fewer" : `Show all ${rows.length} rows`}
        </button>
      )}
    </div>
  );
}

function formatNumber(value: unknown): string {
  if (typeof value !== "number") return plainText(value);
  return Number.isInteger(value) ? value.toLocaleString() : value.toLocaleString(undefined, { maximumFractionDigits: 6 });
}

export function MetadataValue({ entry }: { entry: MetadataEntry }) {
  const { type, value } = entry;
  switch (type) {
    case "text":
      return <span className="asset-meta-text">{plainText(value)}</span>;
    case "int":
    case "float":
      return <span className="mono asset-meta-number">{formatNumber(value)}</span>;
    case "bool":
      return <span className="mono">{value ? "true" : "false"}</span>;
    case "null":
      return <span className="muted mono">null</span>;
    case "url": {
      const href = safeUrl(value);
      if (!href) return <span className="mono">{plainText(value)}</span>;
      return (
        <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="asset-meta-url">
          {plainText(value)}
        </a>
      );
    }
    case "path":
    case "notebook":
      return (
        <span className="asset-meta-path">
          <code>{plainText(value)}</code>
          <CopyButton text={plainText(value)} label={`Copy ${entry.name}`} />
        </span>
      );
    case "md":
      return <Markdown source={plainText(value)} />;
    case "json":
      return <JsonValue value={value} />;
    case "timestamp":
      return typeof value === "number" ? (
        <time dateTime={new Date(value * 1000).toISOString()}>{formatDateTime(new Date(value * 1000).toISOString())}</time>
      ) : (
        <span>{plainText(value)}</span>
      );
    case "asset":
      return typeof value === "string" ? <Link to={assetPath(value)}>{value}</Link> : <span>{plainText(value)}</span>;
    case "python_artifact":
      return isRecord(value) ? (
        <code>
          {plainText(value.module)}.{plainText(value.name)}
        </code>
      ) : (
        <code>{plainText(value)}</code>
      );
    case "table_schema":
      return <TableSchemaValue value={value} />;
    case "table":
      return <TableValue value={value} />;
    default:
      return typeof value === "string" ? <span>{value}</span> : <JsonValue value={value} />;
  }
}
