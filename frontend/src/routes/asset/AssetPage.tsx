/**
 * `/assets/<key>`: one asset. The key is the rest of the path (one segment per key part); the tab
 * (`?tab=`) and the events' partition filter (`?partition=`) live in the URL, so every view is a
 * deep link that survives a reload.
 */
import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import {
  assetChecksQuery,
  assetDetailQuery,
  assetKeys,
  type AssetDetail,
  materializationsQuery,
  PLOT_WINDOW,
  plotWindowQuery,
  useMaterializeAsset,
} from "@/api/assets/detail";
import { useCan } from "@/api/auth";
import { ApiError } from "@/api/client";
import { AssetHeader, type LaunchMode } from "@/components/asset/AssetHeader";
import { AssetTabs, panelId, tabId, type TabSpec } from "@/components/asset/AssetTabs";
import { ChecksTab } from "@/components/asset/ChecksTab";
import { ConfigSchemaView } from "@/components/asset/ConfigSchemaView";
import { needsConfig } from "@/components/asset/configSchema";
import { EventsTab } from "@/components/asset/EventsTab";
import { OverviewTab } from "@/components/asset/OverviewTab";
import { PlotsTab } from "@/components/asset/PlotsTab";
import { ErrorMessage } from "@/components/common/ErrorMessage";
import { Loading } from "@/components/common/Loading";
import { AssetLineageTab } from "@/components/graph/AssetLineageTab";
import { runPath } from "@/lib/format";
import "./asset.css";

const TABS = ["overview", "events", "plots", "checks", "config", "lineage"] as const;
export type AssetTab = (typeof TABS)[number];

function isTab(value: string | null): value is AssetTab {
  return value !== null && (TABS as readonly string[]).includes(value);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The asset key of the route's splat (`a/b%20c` → `a/b c`). */
export function keyFromSplat(splat: string | undefined): string {
  return (splat ?? "").replace(/\/+$/, "").split("/").map(decodeSegment).join("/");
}

export function launchModeOf(asset: AssetDetail): LaunchMode {
  if (!asset.is_materializable) return "none";
  return asset.is_partitioned || needsConfig(asset.config_schema) ? "launchpad" : "run";
}

function NotFound({ assetKey }: { assetKey: string }) {
  return (
    <div className="page asset-page">
      <div className="asset-not-found card">
        <h1>No asset named “{assetKey}”</h1>
        <p className="muted">
          No code location defines it. It may have been renamed or removed, or its location has not loaded.
        </p>
        <p>
          <Link to="/assets" className="btn btn-primary">
            Back to the asset catalog
          </Link>{" "}
          <Link to="/locations" className="btn">
            Code locations
          </Link>
        </p>
      </div>
    </div>
  );
}

export default function AssetPage() {
  const params = useParams();
  const key = keyFromSplat(params["*"]);
  const [search, setSearch] = useSearchParams();
  const requested = search.get("tab");
  const tab: AssetTab = isTab(requested) ? requested : "overview";
  const partition = search.get("partition") ?? "";
  const canLaunch = useCan("launch");
  const navigate = useNavigate();
  const client = useQueryClient();

  const detail = useQuery(assetDetailQuery(key));
  const asset = detail.data;
  const events = useInfiniteQuery({ ...materializationsQuery(key, partition || undefined), enabled: !!asset });
  const checks = useQuery({ ...assetChecksQuery(key), enabled: !!asset });
  const plotWindow = useQuery({ ...plotWindowQuery(key), enabled: !!asset && tab === "plots" });
  const materialize = useMaterializeAsset({ key, location: asset?.location ?? "" });

  // A new materialization (seen through the detail's polling) refreshes the history and checks.
  const latestId = asset?.latest_materialization?.event_id ?? null;
  useEffect(() => {
    if (latestId === null) return;
    void client.invalidateQueries({ queryKey: [...assetKeys.detail(key), "materializations"] });
    void client.invalidateQueries({ queryKey: assetKeys.plotWindow(key) });
    void client.invalidateQueries({ queryKey: assetKeys.checks(key) });
  }, [client, key, latestId]);

  useEffect(() => {
    document.title = `${key} · Orchestrator`;
  }, [key]);

  const flat = useMemo(() => events.data?.pages.flatMap((page) => page.results) ?? [], [events.data]);
  const total = events.data?.pages[0]?.count ?? null;
  const seenPartitions = useMemo(
    () => (partition ? null : new Set(flat.map((m) => m.partition).filter((p) => p !== null)).size),
    [flat, partition],
  );

  if (detail.isPending) return <Loading label="Loading the asset…" />;
  if (detail.error instanceof ApiError && detail.error.status === 404) return <NotFound assetKey={key} />;
  if (detail.error || !asset) {
    return (
      <div className="page">
        <ErrorMessage error={detail.error} title={`The asset “${key}” could not be loaded`} />
      </div>
    );
  }

  const selectTab = (next: AssetTab) =>
    setSearch(
      (current) => {
        const out = new URLSearchParams(current);
        if (next === "overview") out.delete("tab");
        else out.set("tab", next);
        return out;
      },
      { preventScrollReset: true },
    );
  const setPartition = (value: string) =>
    setSearch(
      (current) => {
        const out = new URLSearchParams(current);
        if (value) out.set("partition", value);
        else out.delete("partition");
        return out;
      },
      { replace: true },
    );

  const checkList = checks.data ?? [];
  const failedChecks = checkList.filter((c) => c.latest_evaluation?.passed === false).length;
  const tabs: TabSpec<AssetTab>[] = [
    { id: "overview", label: "Overview" },
    { id: "events", label: "Events", count: total },
    { id: "plots", label: "Plots" },
    { id: "checks", label: failedChecks > 0 ? `Checks · ${failedChecks} failed` : "Checks", count: checks.data ? checkList.length : null },
    { id: "config", label: "Config" },
    { id: "lineage", label: "Lineage" },
  ];

  const latest = !partition ? (flat[0] ?? null) : null;

  return (
    <div className="page asset-page">
      <AssetHeader
        asset={asset}
        launchMode={launchModeOf(asset)}
        canLaunch={canLaunch}
        materializing={materialize.isPending}
        onMaterialize={() => materialize.mutate(undefined, { onSuccess: (run) => navigate(runPath(run.id)) })}
      />
      {materialize.error && <ErrorMessage error={materialize.error} title="The run could not be launched" />}
      <AssetTabs tabs={tabs} active={tab} onSelect={selectTab} />
      <div role="tabpanel" id={panelId(tab)} aria-labelledby={tabId(tab)} className="asset-panel">
        {tab === "overview" &&
          (events.error ? (
            <ErrorMessage error={events.error} title="The materializations could not be loaded" />
          ) : (
            <OverviewTab
              asset={asset}
              latest={partition ? null : latest}
              latestLoading={events.isPending}
              checks={checks.data}
              seenPartitions={events.hasNextPage ? null : seenPartitions}
            />
          ))}
        {tab === "events" &&
          (events.isPending ? (
            <Loading label="Loading materializations…" />
          ) : events.error ? (
            <ErrorMessage error={events.error} title="The materializations could not be loaded" />
          ) : (
            <EventsTab
              key={partition}
              events={flat}
              total={total}
              hasMore={!!events.hasNextPage}
              loadingMore={events.isFetchingNextPage}
              onLoadMore={() => void events.fetchNextPage()}
              partitioned={asset.is_partitioned}
              partition={partition}
              onPartitionChange={setPartition}
            />
          ))}
        {tab === "plots" &&
          (plotWindow.isPending ? (
            <Loading label="Loading materializations…" />
          ) : plotWindow.error ? (
            <ErrorMessage error={plotWindow.error} title="The materializations could not be loaded" />
          ) : (
            <PlotsTab materializations={plotWindow.data.results} total={plotWindow.data.count} windowSize={PLOT_WINDOW} />
          ))}
        {tab === "checks" &&
          (checks.isPending ? (
            <Loading label="Loading checks…" />
          ) : checks.error ? (
            <ErrorMessage error={checks.error} title="The checks could not be loaded" />
          ) : (
            <ChecksTab checks={checkList} />
          ))}
        {tab === "config" && <ConfigSchemaView schema={asset.config_schema} nodeName={asset.node_name} />}
        {tab === "lineage" && <AssetLineageTab assetKey={key} />}
      </div>
    </div>
  );
}
