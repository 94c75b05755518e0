/** The asset page's header: key path, status, where it is defined, and how to launch it. */
import { useState } from "react";
import { Link } from "react-router";
import type { AssetDetail } from "@/api/assets/detail";
import { StatusBadge } from "@/components/common/StatusBadge";
import { assetStatusBadge } from "./assetStatus";

export type LaunchMode = "run" | "launchpad" | "none";

export function launchpadPath(key: string): string {
  return `/launchpad?assets=${encodeURIComponent(key)}`;
}

export function AssetHeader({
  asset,
  launchMode,
  canLaunch,
  materializing,
  onMaterialize,
}: {
  asset: AssetDetail;
  launchMode: LaunchMode;
  canLaunch: boolean;
  materializing: boolean;
  onMaterialize: () => void;
}) {
  const [copied, setCopied] = useState(false);
  const status = assetStatusBadge(asset.status);
  const path = asset.key_path.length > 0 ? asset.key_path : asset.key.split("/");
  const prefix = path.slice(0, -1);
  const name = path[path.length - 1] ?? asset.key;
  return (
    <header className="asset-header">
      <div className="asset-header-main">
        <nav aria-label="Breadcrumb" className="asset-breadcrumb">
          <ol>
            <li>
              <Link to="/assets">Assets</Link>
            </li>
            {prefix.map((part, index) => (
              <li key={`${index}-${part}`} className="muted">
                {part}
              </li>
            ))}
          </ol>
        </nav>
        <div className="asset-title-row">
          <h1 className="asset-title mono">{name}</h1>
          <button
            type="button"
            className="btn btn-sm"
            title="Copy the asset key to the clipboard"
            onClick={() => {
              void navigator.clipboard?.writeText(asset.key).then(() => {
                setCopied(true);
                window.setTimeout(() => setCopied(false), 1200);
              });
            }}
          >
            {copied ? "Copied" : "Copy key"}
          </button>
          <StatusBadge status={status.className} label={status.label} />
          {asset.is_partitioned && <span className="tag">partitioned</span>}
          {asset.is_external && <span className="tag">external</span>}
        </div>
        <dl className="asset-facts">
          <div>
            <dt>Group</dt>
            <dd>
              <Link to={`/assets?group=${encodeURIComponent(asset.group)}`}>{asset.group}</Link>
            </dd>
          </div>
          <div>
            <dt>Code location</dt>
            <dd>
              <Link to="/locations">{asset.location}</Link>
            </dd>
          </div>
          {asset.kinds.length > 0 && (
            <div>
              <dt>Kinds</dt>
              <dd className="asset-chips">
                {asset.kinds.map((kind) => (
                  <span key={kind} className="tag">
                    {kind}
                  </span>
                ))}
              </dd>
            </div>
          )}
        </dl>
      </div>
      {canLaunch && launchMode !== "none" && (
        <div className="asset-actions">
          {launchMode === "run" ? (
            <>
              <button type="button" className="btn btn-primary" onClick={onMaterialize} disabled={materializing}>
                {materializing ? "Launching…" : "Materialize"}
              </button>
              <Link className="btn" to={launchpadPath(asset.key)}>
                Open in launchpad
              </Link>
            </>
          ) : (
            <Link className="btn btn-primary" to={launchpadPath(asset.key)}>
              {asset.is_partitioned ? "Materialize partitions…" : "Materialize with config…"}
            </Link>
          )}
        </div>
      )}
    </header>
  );
}
