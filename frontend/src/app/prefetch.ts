/**
 * Work a page needs that can start before the page's code has loaded: for the lineage graph, its
 * data and the layout worker (with ELK), fetched side by side with the page's chunk.
 */
import type { QueryClient } from "@tanstack/react-query";
import { assetGraphQuery } from "@/api/assets/graph";
import { layoutWorker } from "@/workers/layoutWorkerHandle";

export function prefetchPage(pathname: string, client: QueryClient): void {
  if (pathname !== "/lineage") return;
  void client.prefetchQuery(assetGraphQuery);
  layoutWorker();
}
