/**
 * The catalog's rows: a virtualised grid (only the rows in view are in the DOM, so 10,000 assets
 * scroll smoothly), sortable column headers, and row selection with checkboxes (shift-click for a
 * range, the header box for every row shown). Keyboard: ↑ ↓ Home End PageUp PageDown move between
 * rows, ← → between a row's links and checkbox, Space selects, Enter opens the asset.
 */
import { useVirtualizer, defaultRangeExtractor, type Range } from "@tanstack/react-virtual";
import { type KeyboardEvent, type MouseEvent, memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useNavigate } from "react-router";
import { type CatalogAsset, partitionCounts } from "@/api/assets/catalog";
import { StatusBadge } from "@/components/common/StatusBadge";
import { assetPath, formatDateTime, formatRelative, runPath } from "@/lib/format";
import { assetId, type CatalogSort, type SortColumn, STATUS_LABELS, STATUS_TONES } from "./catalogModel";
import { PartitionBar } from "./PartitionBar";

export const ROW_HEIGHT = 52;
const HEADER_HEIGHT = 38;
const OVERSCAN = 8;

interface Column {
  id: SortColumn;
  label: string;
}

const COLUMNS: Column[] = [
  { id: "key", label: "Asset" },
  { id: "group", label: "Group" },
  { id: "kinds", label: "Kinds" },
  { id: "owners", label: "Owners" },
  { id: "status", label: "Status" },
  { id: "latest", label: "Latest materialization" },
  { id: "partitions", label: "Partitions" },
];

export interface CatalogTableProps {
  rows: readonly CatalogAsset[];
  sort: CatalogSort;
  onSort: (column: SortColumn) => void;
  /** Selection is offered only when set (a role that may launch). */
  selection?: ReadonlySet<string>;
  onSelectionChange?: (next: Set<string>) => void;
  /** The clock relative times are computed from. */
  now: number;
}

export function CatalogTable({ rows, sort, onSort, selection, onSelectionChange, now }: CatalogTableProps) {
  const selectable = selection !== undefined && onSelectionChange !== undefined;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const activeRef = useRef(active);
  activeRef.current = active;
  const anchor = useRef<number | null>(null);
  const pendingFocus = useRef<"row" | "checkbox" | null>(null);
  const navigate = useNavigate();

  const activeIndex = Math.min(active, Math.max(0, rows.length - 1));
  // The active row stays rendered when scrolled away, so keyboard focus is never lost.
  const rangeExtractor = useCallback((range: Range) => {
    const indexes = defaultRangeExtractor(range);
    const keep = activeRef.current;
    if (keep < range.count && !indexes.includes(keep)) indexes.push(keep);
    return indexes.sort((a, b) => a - b);
  }, []);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    rangeExtractor,
    getItemKey: (index) => {
      const row = rows[index];
      return row ? assetId(row) : index;
    },
  });

  const selectableIds = useMemo(() => rows.filter((row) => row.is_materializable).map(assetId), [rows]);
  const selectedShown = useMemo(
    () => (selection ? selectableIds.filter((id) => selection.has(id)).length : 0),
    [selection, selectableIds],
  );
  const allShown = selectableIds.length > 0 && selectedShown === selectableIds.length;

  const toggleAll = () => {
    if (!selection || !onSelectionChange) return;
    const next = new Set(selection);
    if (allShown) for (const id of selectableIds) next.delete(id);
    else for (const id of selectableIds) next.add(id);
    onSelectionChange(next);
  };

  const toggleRow = (index: number, range: boolean) => {
    if (!selection || !onSelectionChange) return;
    const row = rows[index];
    if (!row?.is_materializable) return;
    const id = assetId(row);
    const select = !selection.has(id);
    const next = new Set(selection);
    const from = range && anchor.current !== null ? Math.min(anchor.current, index) : index;
    const to = range && anchor.current !== null ? Math.max(anchor.current, index) : index;
    for (let i = from; i <= to; i++) {
      const each = rows[i];
      if (!each?.is_materializable) continue;
      if (select) next.add(assetId(each));
      else next.delete(assetId(each));
    }
    anchor.current = index;
    setActive(index);
    onSelectionChange(next);
  };

  const toggleLatest = useRef(toggleRow);
  toggleLatest.current = toggleRow;
  const onToggle = useCallback((index: number, range: boolean) => toggleLatest.current(index, range), []);

  // After a keyboard move the row is rendered (it is the active one): focus it there.
  useEffect(() => {
    const target = pendingFocus.current;
    if (!target) return;
    pendingFocus.current = null;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`);
    const element = target === "checkbox" ? row?.querySelector<HTMLElement>("input[type=checkbox]") : row;
    (element ?? row)?.focus({ preventScroll: true });
  });

  const pageRows = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 600) - HEADER_HEIGHT) / ROW_HEIGHT) - 1);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target;
    if (!(target instanceof HTMLElement) || !target.closest("[role=row][data-index]")) return;
    const moves: Record<string, number> = {
      ArrowDown: activeIndex + 1,
      ArrowUp: activeIndex - 1,
      PageDown: activeIndex + pageRows,
      PageUp: activeIndex - pageRows,
      Home: 0,
      End: rows.length - 1,
    };
    const move = moves[event.key];
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      const rowElement = target.closest<HTMLElement>("[role=row][data-index]");
      if (!rowElement) return;
      const stops = [rowElement, ...rowElement.querySelectorAll<HTMLElement>("input:not(:disabled), a[href]")];
      const at = stops.indexOf(target);
      const next = stops[Math.max(0, Math.min(stops.length - 1, at + (event.key === "ArrowRight" ? 1 : -1)))];
      event.preventDefault();
      next?.focus();
      return;
    }
    if (move !== undefined) {
      event.preventDefault();
      const index = Math.max(0, Math.min(rows.length - 1, move));
      pendingFocus.current = target instanceof HTMLInputElement ? "checkbox" : "row";
      setActive(index);
      virtualizer.scrollToIndex(index, { align: "auto" });
      return;
    }
    if (target.getAttribute("role") !== "row") return;
    if (event.key === " " && selectable) {
      event.preventDefault();
      toggleRow(activeIndex, event.shiftKey);
    } else if (event.key === "Enter") {
      const row = rows[activeIndex];
      if (row) navigate(assetPath(row.key));
    }
  };

  const items = virtualizer.getVirtualItems();
  const gridClass = selectable ? "catalog-grid catalog-grid-selectable" : "catalog-grid";

  return (
    <div
      ref={scrollRef}
      className={gridClass}
      role="grid"
      aria-label="Assets"
      aria-rowcount={rows.length + 1}
      aria-multiselectable={selectable || undefined}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="catalog-head">
        <div role="row" aria-rowindex={1} className="catalog-row catalog-head-row" style={{ height: HEADER_HEIGHT }}>
          {selectable && (
            <div role="columnheader" className="catalog-cell catalog-check">
              <input
                type="checkbox"
                aria-label={allShown ? `Clear the selection of all ${selectableIds.length} shown assets` : `Select all ${selectableIds.length} shown assets`}
                checked={allShown}
                ref={(box) => {
                  if (box) box.indeterminate = selectedShown > 0 && !allShown;
                }}
                disabled={selectableIds.length === 0}
                onChange={toggleAll}
              />
            </div>
          )}
          {COLUMNS.map((column) => {
            const sorted = sort.column === column.id;
            return (
              <div
                key={column.id}
                role="columnheader"
                className={`catalog-cell catalog-col-${column.id}`}
                aria-sort={sorted ? (sort.direction === "asc" ? "ascending" : "descending") : "none"}
              >
                <button type="button" className="catalog-sort" onClick={() => onSort(column.id)}>
                  {column.label}
                  <span aria-hidden="true" className={sorted ? "catalog-sort-arrow is-sorted" : "catalog-sort-arrow"}>
                    {sorted && sort.direction === "desc" ? "↓" : "↑"}
                  </span>
                </button>
              </div>
            );
          })}
        </div>
      </div>
      <div role="rowgroup" className="catalog-body" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          const id = assetId(row);
          return (
            <CatalogRow
              key={item.key}
              asset={row}
              index={item.index}
              top={item.start - HEADER_HEIGHT}
              active={item.index === activeIndex}
              selected={selectable ? selection?.has(id) === true : undefined}
              onToggle={onToggle}
              onActivate={setActive}
              now={now}
            />
          );
        })}
      </div>
    </div>
  );
}

interface RowProps {
  asset: CatalogAsset;
  index: number;
  top: number;
  active: boolean;
  /** Undefined when selection is not offered. */
  selected: boolean | undefined;
  onToggle: (index: number, range: boolean) => void;
  onActivate: (index: number) => void;
  now: number;
}

const CatalogRow = memo(function CatalogRow({ asset, index, top, active, selected, onToggle, onActivate, now }: RowProps) {
  const latest = asset.latest_materialization;
  const counts = asset.is_partitioned ? partitionCounts(asset) : null;
  const statusLabel = STATUS_LABELS[asset.status];
  const badge = <StatusBadge status={STATUS_TONES[asset.status]} label={statusLabel} />;
  const onCheckboxClick = (event: MouseEvent<HTMLInputElement>) => onToggle(index, event.shiftKey);
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-index={index}
      tabIndex={active ? 0 : -1}
      className={`catalog-row${selected ? " is-selected" : ""}`}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onFocus={() => onActivate(index)}
    >
      {selected !== undefined && (
        <div role="gridcell" className="catalog-cell catalog-check">
          <input
            type="checkbox"
            tabIndex={-1}
            aria-label={`Select ${asset.key}`}
            checked={selected}
            disabled={!asset.is_materializable}
            title={asset.is_materializable ? undefined : "This asset is not materializable here (external or source asset)."}
            readOnly
            onClick={onCheckboxClick}
          />
        </div>
      )}
      <div role="gridcell" className="catalog-cell catalog-col-key">
        <Link to={assetPath(asset.key)} className="catalog-key" tabIndex={-1}>
          {asset.key}
        </Link>
        <span className="catalog-description" title={asset.description || undefined}>
          {asset.description || "\u00a0"}
        </span>
      </div>
      <div role="gridcell" className="catalog-cell catalog-col-group">
        <span className="catalog-ellipsis">{asset.group}</span>
        <span className="catalog-sub catalog-ellipsis">{asset.location}</span>
      </div>
      <div role="gridcell" className="catalog-cell catalog-col-kinds">
        <span className="catalog-ellipsis" title={asset.kinds.join(", ") || undefined}>
          {asset.kinds.map((kind) => (
            <span key={kind} className="tag catalog-kind">
              {kind}
            </span>
          ))}
        </span>
      </div>
      <div role="gridcell" className="catalog-cell catalog-col-owners">
        <span className="catalog-ellipsis" title={asset.owners.join(", ") || undefined}>
          {asset.owners.length ? asset.owners.join(", ") : <span className="catalog-none">—</span>}
        </span>
      </div>
      <div role="gridcell" className="catalog-cell catalog-col-status">
        {asset.latest_run_id ? (
          <Link to={runPath(asset.latest_run_id)} className="catalog-status-link" tabIndex={-1} aria-label={`${statusLabel}: open the latest run of ${asset.key}`}>
            {badge}
          </Link>
        ) : (
          badge
        )}
      </div>
      <div role="gridcell" className="catalog-cell catalog-col-latest">
        {latest ? (
          <>
            <Link to={runPath(latest.run_id)} title={formatDateTime(latest.timestamp)} tabIndex={-1}>
              {formatRelative(latest.timestamp, now)}
            </Link>
            {latest.partition && <span className="catalog-sub catalog-ellipsis mono">{latest.partition}</span>}
          </>
        ) : (
          <span className="catalog-none">never</span>
        )}
      </div>
      <div role="gridcell" className="catalog-cell catalog-col-partitions">
        {counts ? <PartitionBar counts={counts} /> : asset.is_partitioned ? <span className="catalog-none">partitioned</span> : <span className="catalog-none">—</span>}
      </div>
    </div>
  );
});
