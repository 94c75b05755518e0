/** A coloured status pill for run, step and asset states. */
export function StatusBadge({ status, label }: { status: string | null | undefined; label?: string }) {
  const value = (status ?? "never").toLowerCase();
  return <span className={`badge status-${value}`}>{label ?? value.replace(/_/g, " ")}</span>;
}
