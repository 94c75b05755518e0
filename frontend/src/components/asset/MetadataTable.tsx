/** A metadata mapping as a key / value table, filterable when it is long. */
import { useId, useState } from "react";
import { type MetadataEntry, metadataEntries } from "./metadata";
import { MetadataValue } from "./MetadataValue";

/** Above this many entries the table gets a filter box. */
const FILTER_FROM = 8;

export function MetadataTable({
  metadata,
  label,
  emptyText = "No metadata.",
}: {
  metadata: unknown;
  label: string;
  emptyText?: string;
}) {
  const entries: MetadataEntry[] = metadataEntries(metadata);
  const [filter, setFilter] = useState("");
  const filterId = useId();
  if (entries.length === 0) return <p className="muted asset-empty-line">{emptyText}</p>;
  const needle = filter.trim().toLowerCase();
  const shown = needle ? entries.filter((e) => e.name.toLowerCase().includes(needle)) : entries;
  return (
    <div className="asset-meta">
      {entries.length >= FILTER_FROM && (
        <div className="asset-meta-filter">
          <label htmlFor={filterId} className="sr-only">
            Filter {label}
          </label>
          <input
            id={filterId}
            className="input"
            type="search"
            placeholder="Filter metadata keys"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
          />
        </div>
      )}
      <table className="table asset-meta-table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((entry) => (
            <tr key={entry.name} data-type={entry.type}>
              <th scope="row" className="asset-meta-key">
                <span className="mono">{entry.name}</span>
                <span className="asset-meta-type">{entry.type}</span>
              </th>
              <td>
                <MetadataValue entry={entry} />
              </td>
            </tr>
          ))}
          {shown.length === 0 && (
            <tr>
              <td colSpan={2} className="muted">
                No key matches “{filter}”.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
