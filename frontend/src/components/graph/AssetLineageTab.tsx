/** The asset page's lineage tab: the asset's neighbourhood in the graph. */
export function AssetLineageTab({ assetKey }: { assetKey: string }) {
  return <p className="muted">Lineage of {assetKey}</p>;
}
