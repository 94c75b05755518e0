/** The asset's overview: latest materialization, description, metadata and lineage on the left;
 * its definition (group, location, code version, owners, tags, resources, jobs, partitions) on
 * the right. */
import type { ReactNode } from "react";
import { Link } from "react-router";
import type { AssetCheck, AssetDetail, Materialization } from "@/api/assets/detail";
import { partitionCounts } from "@/api/assets/catalog";
import { Markdown } from "@/components/common/Markdown";
import { StatusBadge } from "@/components/common/StatusBadge";
import { assetPath, formatCount, formatDateTime, formatDuration, formatRelative, runPath } from "@/lib/format";
import { metadataEntries } from "./metadata";
import { MetadataTable } from "./MetadataTable";
import { summarizePartitions } from "./partitions";

/** Fields of a materialization the server adds when it knows them. */
export function materializationExtras(m: Materialization): { duration: number | null; runStatus: string | null } {
  return { duration: m.step_duration_seconds ?? null, runStatus: m.run_status || null };
}

/** The asset's resource keys (its IO manager included). */
export function assetResources(asset: AssetDetail): string[] {
  return asset.resources ?? [];
}

export function shortRunId(id: string): string {
  return id.slice(0, 8);
}

function Card({ title, id, children, aside }: { title: string; id: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <section className="card asset-card" aria-labelledby={id}>
      <div className="card-header">
        <h2 id={id}>{title}</h2>
        {aside}
      </div>
      <div className="card-body">{children}</div>
    </section>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="asset-fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function KeyList({ keys, empty }: { keys: readonly string[]; empty: string }) {
  if (keys.length === 0) return <p className="muted asset-empty-line">{empty}</p>;
  return (
    <ul className="asset-key-list">
      {keys.map((key) => (
        <li key={key}>
          <Link to={assetPath(key)} className="mono">
            {key}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function LatestMaterialization({
  asset,
  latest,
  loading,
}: {
  asset: AssetDetail;
  latest: Materialization | null;
  loading: boolean;
}) {
  const failedSince =
    asset.latest_run_id &&
    asset.latest_run_id !== latest?.run_id &&
    (asset.status === "FAILED" || asset.status === "IN_PROGRESS");
  return (
    <Card title="Latest materialization" id="asset-latest">
      {failedSince && asset.latest_run_id && (
        <div className={asset.status === "FAILED" ? "alert alert-error asset-latest-run" : "alert asset-latest-run"}>
          {asset.status === "FAILED" ? "The latest run selecting this asset failed: " : "A run of this asset is in progress: "}
          <Link to={runPath(asset.latest_run_id)} className="mono">
            {shortRunId(asset.latest_run_id)}
          </Link>{" "}
          <StatusBadge status={asset.latest_run_status} />
        </div>
      )}
      {latest ? (
        <>
          <dl className="asset-latest-facts">
            <Fact term="When">
              <time dateTime={latest.timestamp} title={formatDateTime(latest.timestamp)}>
                {formatRelative(latest.timestamp)}
              </time>{" "}
              <span className="muted">· {formatDateTime(latest.timestamp)}</span>
            </Fact>
            <Fact term="Run">
              <Link to={runPath(latest.run_id)} className="mono">
                {shortRunId(latest.run_id)}
              </Link>
              {materializationExtras(latest).runStatus && (
                <>
                  {" "}
                  <StatusBadge status={materializationExtras(latest).runStatus} />
                </>
              )}
            </Fact>
            {latest.partition && (
              <Fact term="Partition">
                <span className="mono">{latest.partition}</span>
              </Fact>
            )}
            {materializationExtras(latest).duration !== null && (
              <Fact term="Step duration">{formatDuration(materializationExtras(latest).duration)}</Fact>
            )}
          </dl>
          <MetadataTable metadata={latest.metadata} label="Latest materialization metadata" emptyText="The materialization recorded no metadata." />
        </>
      ) : loading ? (
        <p className="muted asset-empty-line">Loading…</p>
      ) : (
        <p className="muted asset-empty-line">
          {asset.is_materializable ? "Never materialized." : "An external asset: it is observed, not materialized here."}
        </p>
      )}
    </Card>
  );
}

function PartitionsCard({ asset, seenPartitions }: { asset: AssetDetail; seenPartitions: number | null }) {
  const summary = summarizePartitions(asset.partitions);
  const counts = partitionCounts(asset);
  if (!summary) return null;
  const total = counts?.total ?? summary.total;
  return (
    <Card title="Partitions" id="asset-partitions">
      <dl className="asset-facts-list">
        <Fact term="Definition">{summary.kind}</Fact>
        {summary.details.map(([term, value]) => (
          <Fact key={term} term={term}>
            <span className="mono">{value}</span>
          </Fact>
        ))}
        <Fact term="Partitions">{total === null ? "—" : formatCount(total)}</Fact>
        {counts ? (
          <>
            <Fact term="Materialized">{formatCount(counts.materialized)}</Fact>
            <Fact term="Failed">{formatCount(counts.failed)}</Fact>
            <Fact term="In progress">{formatCount(counts.in_progress)}</Fact>
            <Fact term="Missing">{formatCount(counts.missing)}</Fact>
          </>
        ) : (
          seenPartitions !== null && <Fact term="Materialized (recent events)">{formatCount(seenPartitions)}</Fact>
        )}
      </dl>
    </Card>
  );
}

function ChecksSummary({ checks, assetKey }: { checks: readonly AssetCheck[]; assetKey: string }) {
  const passed = checks.filter((c) => c.latest_evaluation?.passed === true).length;
  const failed = checks.filter((c) => c.latest_evaluation?.passed === false).length;
  const pending = checks.length - passed - failed;
  return (
    <p className="asset-checks-summary">
      {passed > 0 && <StatusBadge status="success" label={`${passed} passed`} />}{" "}
      {failed > 0 && <StatusBadge status="failure" label={`${failed} failed`} />}{" "}
      {pending > 0 && <StatusBadge status="never" label={`${pending} not evaluated`} />}{" "}
      <Link to={`${assetPath(assetKey)}?tab=checks`}>Details</Link>
    </p>
  );
}

export function OverviewTab({
  asset,
  latest,
  latestLoading,
  checks,
  seenPartitions,
}: {
  asset: AssetDetail;
  latest: Materialization | null;
  latestLoading: boolean;
  checks: readonly AssetCheck[] | undefined;
  seenPartitions: number | null;
}) {
  const resources = assetResources(asset);
  const tags = Object.entries(asset.tags);
  return (
    <div className="asset-overview">
      <div className="asset-overview-main">
        <Card title="Description" id="asset-description">
          {asset.description.trim() ? (
            <Markdown source={asset.description} className="asset-description" />
          ) : (
            <p className="muted asset-empty-line">No description. Add a docstring or `description=` to the asset.</p>
          )}
        </Card>
        <LatestMaterialization asset={asset} latest={latest} loading={latestLoading} />
        {metadataEntries(asset.metadata).length > 0 && (
          <Card title="Definition metadata" id="asset-definition-metadata">
            <MetadataTable metadata={asset.metadata} label="Definition metadata" />
          </Card>
        )}
        <Card
          title="Lineage"
          id="asset-lineage-lists"
          aside={
            <Link to={`${assetPath(asset.key)}?tab=lineage`} className="asset-card-link">
              View graph
            </Link>
          }
        >
          <div className="asset-lineage-lists">
            <div>
              <h3>Upstream ({asset.deps.length})</h3>
              <KeyList keys={asset.deps} empty="No upstream assets." />
            </div>
            <div>
              <h3>Downstream ({asset.dependents.length})</h3>
              <KeyList keys={asset.dependents} empty="No downstream assets." />
            </div>
          </div>
        </Card>
      </div>
      <aside className="asset-overview-side" aria-label="Definition">
        <Card title="Definition" id="asset-definition">
          <dl className="asset-facts-list">
            <Fact term="Group">
              <Link to={`/assets?group=${encodeURIComponent(asset.group)}`}>{asset.group}</Link>
            </Fact>
            <Fact term="Code location">
              <Link to="/locations">{asset.location}</Link>
            </Fact>
            {asset.node_name !== asset.key && (
              <Fact term="Op">
                <span className="mono">{asset.node_name}</span>
              </Fact>
            )}
            <Fact term="Code version">
              {asset.code_version ? <code>{asset.code_version}</code> : <span className="muted">not set</span>}
            </Fact>
            <Fact term="Kinds">
              {asset.kinds.length ? (
                <span className="asset-chips">
                  {asset.kinds.map((kind) => (
                    <Link key={kind} to={`/assets?kind=${encodeURIComponent(kind)}`} className="tag">
                      {kind}
                    </Link>
                  ))}
                </span>
              ) : (
                <span className="muted">none</span>
              )}
            </Fact>
            <Fact term="Owners">
              {asset.owners.length ? (
                <span className="asset-chips">
                  {asset.owners.map((owner) => (
                    <Link key={owner} to={`/assets?owner=${encodeURIComponent(owner)}`} className="tag">
                      {owner}
                    </Link>
                  ))}
                </span>
              ) : (
                <span className="muted">none</span>
              )}
            </Fact>
            <Fact term="Tags">
              {tags.length ? (
                <span className="asset-chips">
                  {tags.map(([key, value]) => {
                    const tag = value ? `${key}=${value}` : key;
                    return (
                      <Link key={key} to={`/assets?tag=${encodeURIComponent(tag)}`} className="tag mono">
                        {tag}
                      </Link>
                    );
                  })}
                </span>
              ) : (
                <span className="muted">none</span>
              )}
            </Fact>
            {asset.resources && (
              <Fact term="Resources">
                {resources.length ? (
                  <span className="asset-chips">
                    {resources.map((key) => (
                      <span key={key} className="tag mono">
                        {key}
                      </span>
                    ))}
                  </span>
                ) : (
                  <span className="muted">none</span>
                )}
              </Fact>
            )}
          </dl>
        </Card>
        <Card title="Jobs" id="asset-jobs">
          {asset.jobs.length ? (
            <ul className="asset-key-list">
              {asset.jobs.map((job) => (
                <li key={job}>
                  <span className="mono">{job}</span>{" "}
                  <Link to={`/runs?job=${encodeURIComponent(job)}`} className="asset-card-link">
                    runs
                  </Link>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted asset-empty-line">In no job; materialized on its own.</p>
          )}
          <p className="asset-runs-link">
            <Link to={`/runs?asset=${encodeURIComponent(asset.key)}`}>All runs of this asset</Link>
          </p>
        </Card>
        {asset.is_partitioned && <PartitionsCard asset={asset} seenPartitions={seenPartitions} />}
        {checks && checks.length > 0 && (
          <Card title={`Checks (${checks.length})`} id="asset-checks-summary">
            <ChecksSummary checks={checks} assetKey={asset.key} />
          </Card>
        )}
      </aside>
    </div>
  );
}
