/**
 * The one lineage-layout worker. Creating it loads and compiles ELK (about 1.4 MB), so the shell
 * starts it as soon as the lineage page is asked for, while that page's own code still loads.
 */
let current: Worker | null = null;

/** The worker, started on the first call; null where there is no Worker (unit tests). */
export function layoutWorker(): Worker | null {
  if (typeof Worker === "undefined") return null;
  current ??= new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module" });
  return current;
}

/** Drops a worker that failed; the next call starts a fresh one. */
export function discardLayoutWorker(): void {
  current?.terminate();
  current = null;
}
