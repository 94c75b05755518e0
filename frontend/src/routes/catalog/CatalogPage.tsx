/**
 * The asset catalog (`/assets`): every asset with its status, latest materialization and
 * partitions; search, facet filters and sort live in the query string, so a filtered view is a
 * link to share. Selected rows are materialized in one run (per code location).
 */
import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { catalogQuery, useMaterializeAssets } from "@/api/assets/catalog";
import { useCan } from "@/api/auth";
import { FacetMenu, FilterChips, SearchBox } from "@/components/catalog/CatalogFilters";
import { CatalogSummary } from "@/components/catalog/CatalogSummary";
import { CatalogTable } from "@/components/catalog/CatalogTable";
import {
  assetId,
  type AssetStatus,
  type CatalogView,
  FACETS,
  type Facet,
  facetOptions,
  filterAssets,
  hasFilters,
  nextSort,
  paramsFromView,
  type SortColumn,
  sortAssets,
  summarize,
  viewFromParams,
} from "@/components/catalog/catalogModel";
import { ErrorMessage } from "@/components/common/ErrorMessage";
import { Loading } from "@/components/common/Loading";
import { runPath } from "@/lib/format";
import "@/components/catalog/catalog.css";

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export default function CatalogPage() {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => viewFromParams(params), [params]);
  const query = useQuery(catalogQuery);
  const canLaunch = useCan("launch");
  const materialize = useMaterializeAssets();
  const navigate = useNavigate();
  const now = useNow(30_000);
  const [selection, setSelection] = useState<Set<string>>(() => new Set());

  const setView = useCallback(
    (change: (view: CatalogView) => CatalogView, options?: { replace?: boolean }) => {
      setParams((current) => paramsFromView(change(viewFromParams(current))), { replace: options?.replace ?? false });
    },
    [setParams],
  );

  const assets = useMemo(() => query.data ?? [], [query.data]);
  const filterView = useMemo(() => ({ q: view.q, facets: view.facets }), [view.q, view.facets]);
  const rows = useMemo(() => sortAssets(filterAssets(assets, filterView), view.sort), [assets, filterView, view.sort]);
  const options = useMemo(() => facetOptions(assets, filterView), [assets, filterView]);
  const summary = useMemo(() => summarize(filterAssets(assets, filterView, "status")), [assets, filterView]);

  // Selected assets, in catalog order; a key gone from the catalog drops out.
  const selected = useMemo(() => assets.filter((asset) => selection.has(assetId(asset))), [assets, selection]);
  const hiddenSelected = useMemo(() => {
    const shown = new Set(rows.map(assetId));
    return selected.filter((asset) => !shown.has(assetId(asset))).length;
  }, [rows, selected]);

  const onSearch = useCallback((q: string) => setView((v) => ({ ...v, q }), { replace: true }), [setView]);
  const setFacet = (facet: Facet, values: string[]) =>
    setView((v) => ({ ...v, facets: { ...v.facets, [facet]: values } }));
  const toggleStatus = (status: AssetStatus) =>
    setFacet("status", view.facets.status.includes(status) ? view.facets.status.filter((s) => s !== status) : [...view.facets.status, status]);
  const onSort = (column: SortColumn) => setView((v) => ({ ...v, sort: nextSort(v.sort, column) }), { replace: true });
  const clearFilters = () =>
    setView((v) => ({ ...v, q: "", facets: { group: [], kind: [], tag: [], owner: [], location: [], status: [] } }));

  const launch = () => {
    if (selected.length === 0) return;
    materialize.mutate(selected, {
      onSuccess: (runs) => {
        setSelection(new Set());
        const first = runs[0];
        navigate(runs.length === 1 && first ? runPath(first.id) : "/runs");
      },
    });
  };

  return (
    <div className="page catalog-page">
      <div className="page-header">
        <h1>Assets</h1>
        <div className="toolbar">
          <Link to="/lineage" className="btn">
            View lineage
          </Link>
          {canLaunch && (
            <>
              {selected.length > 0 && (
                <button type="button" className="btn" onClick={() => setSelection(new Set())}>
                  Clear selection
                </button>
              )}
              <button
                type="button"
                className="btn btn-primary"
                disabled={selected.length === 0 || materialize.isPending}
                onClick={launch}
                title={selected.length === 0 ? "Select assets with the checkboxes first" : undefined}
              >
                {materialize.isPending ? "Launching…" : `Materialize selected (${selected.length.toLocaleString()})`}
              </button>
            </>
          )}
        </div>
      </div>

      {materialize.error && (
        <div className="catalog-launch-error">
          <ErrorMessage error={materialize.error} title="The run was not launched" />
          <button type="button" className="btn btn-sm" onClick={() => materialize.reset()}>
            Dismiss
          </button>
        </div>
      )}

      <div className="catalog-filters">
        <SearchBox value={view.q} onChange={onSearch} />
        <div className="toolbar" role="group" aria-label="Filters">
          {FACETS.map((facet) => (
            <FacetMenu
              key={facet}
              facet={facet}
              options={options[facet]}
              selected={view.facets[facet]}
              onChange={(values) => setFacet(facet, values)}
            />
          ))}
        </div>
      </div>

      <FilterChips
        q={view.q}
        facets={view.facets}
        onRemove={(facet, value) => setFacet(facet, view.facets[facet].filter((each) => each !== value))}
        onClearSearch={() => setView((v) => ({ ...v, q: "" }))}
        onClearAll={clearFilters}
      />

      {query.isPending ? (
        <Loading label="Loading the catalog…" />
      ) : query.error && !query.data ? (
        <div className="catalog-error">
          <ErrorMessage error={query.error} title="The catalog could not be loaded" />
          <button type="button" className="btn" onClick={() => query.refetch()}>
            Try again
          </button>
        </div>
      ) : assets.length === 0 ? (
        <div className="card empty catalog-empty">
          <h2>No assets yet</h2>
          <p>
            Assets appear here once a code location is loaded. See <Link to="/locations">Code locations</Link> for
            its status or load error.
          </p>
        </div>
      ) : (
        <>
          <div className="catalog-status-row">
            <CatalogSummary
              summary={summary}
              total={assets.length}
              shown={rows.length}
              activeStatuses={view.facets.status}
              onStatus={toggleStatus}
            />
            {canLaunch && selected.length > 0 && (
              <span className="muted" role="status">
                {selected.length.toLocaleString()} selected
                {hiddenSelected > 0 && ` (${hiddenSelected.toLocaleString()} hidden by the filters)`}
              </span>
            )}
          </div>
          {rows.length === 0 && hasFilters(view) ? (
            <div className="card empty catalog-empty">
              <h2>No assets match</h2>
              <p>Nothing among {assets.length.toLocaleString()} assets matches these filters.</p>
              <button type="button" className="btn" onClick={clearFilters}>
                Clear all filters
              </button>
            </div>
          ) : (
            <div className="card catalog-table-card">
              <CatalogTable
                rows={rows}
                sort={view.sort}
                onSort={onSort}
                selection={canLaunch ? selection : undefined}
                onSelectionChange={canLaunch ? setSelection : undefined}
                now={now}
              />
            </div>
          )}
          {query.error && <ErrorMessage error={query.error} title="The catalog could not be refreshed" />}
        </>
      )}
    </div>
  );
}
