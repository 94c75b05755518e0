/** An asset's status as a badge: the status class and the words. */
export function assetStatusBadge(status: string | null | undefined): { className: string; label: string } {
  switch (status) {
    case "MATERIALIZED":
      return { className: "success", label: "Materialized" };
    case "FAILED":
      return { className: "failure", label: "Failed" };
    case "IN_PROGRESS":
      return { className: "running", label: "Materializing" };
    default:
      return { className: "never", label: "Never materialized" };
  }
}
