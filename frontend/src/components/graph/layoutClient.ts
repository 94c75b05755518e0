/**
 * Lays out lineage views in a module web worker, one request at a time per caller, with the
 * results cached by the view's fingerprint (coming back to a graph shows it at once).
 * Where there is no Worker (unit tests), ELK runs in this thread instead.
 */
import { useEffect, useState } from "react";
import type { LayoutReply, LayoutRequest } from "@/workers/layout.worker";
import { discardLayoutWorker, layoutWorker } from "@/workers/layoutWorkerHandle";
import { computeLayout, fingerprint, type InnerCache, type LayoutInput, type LayoutResult } from "./layout";

const CACHE_LIMIT = 24;
const cache = new Map<string, LayoutResult>();
const pending = new Map<number, { resolve: (r: LayoutResult) => void; reject: (e: Error) => void }>();
let worker: Worker | null = null;
let nextId = 1;
let lastMs = 0;

function getWorker(): Worker {
  if (!worker) {
    const started = layoutWorker();
    if (!started) throw new Error("This browser cannot run the layout worker.");
    worker = started;
    worker.onmessage = (event: MessageEvent<LayoutReply>) => {
      const reply = event.data;
      const waiter = pending.get(reply.id);
      if (!waiter) return;
      pending.delete(reply.id);
      if ("error" in reply) waiter.reject(new Error(reply.error));
      else {
        lastMs = reply.ms;
        waiter.resolve(reply.result);
      }
    };
    worker.onerror = (event) => {
      for (const waiter of pending.values()) waiter.reject(new Error(event.message || "The layout worker failed."));
      pending.clear();
      discardLayoutWorker();
      worker = null;
    };
  }
  return worker;
}

let inThread: Promise<(input: LayoutInput) => Promise<LayoutResult>> | null = null;

function layoutInThread(input: LayoutInput): Promise<LayoutResult> {
  inThread ??= import("elkjs/lib/elk.bundled.js").then(({ default: ELK }) => {
    const elk = new ELK();
    const inner: InnerCache = new Map();
    return (i: LayoutInput) => computeLayout(i, elk, inner);
  });
  return inThread.then((run) => run(input));
}

export function cachedLayout(key: string): LayoutResult | undefined {
  return cache.get(key);
}

/** The layout of `input`, from the cache or the worker. */
export function requestLayout(input: LayoutInput, key: string = fingerprint(input)): Promise<LayoutResult> {
  const hit = cache.get(key);
  if (hit) return Promise.resolve(hit);
  const running = inFlight.get(key);
  if (running) return running;
  const promise = startLayout(input, key).finally(() => inFlight.delete(key));
  inFlight.set(key, promise);
  return promise;
}

const inFlight = new Map<string, Promise<LayoutResult>>();

function startLayout(input: LayoutInput, key: string): Promise<LayoutResult> {
  const done = (result: LayoutResult) => {
    cache.delete(key);
    cache.set(key, result);
    while (cache.size > CACHE_LIMIT) {
      const oldest = cache.keys().next().value;
      if (oldest === undefined) break;
      cache.delete(oldest);
    }
    return result;
  };
  if (typeof Worker === "undefined") return layoutInThread(input).then(done);
  return new Promise<LayoutResult>((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    const request: LayoutRequest = { id, input };
    getWorker().postMessage(request);
  }).then(done);
}

/** Starts the worker (and ELK in it) before there is anything to lay out, so the first layout is quick. */
export function warmLayout(): void {
  if (typeof Worker === "undefined" || worker) return;
  const request: LayoutRequest = { id: 0, input: { groups: [], edges: [] } };
  getWorker().postMessage(request);
}

/** Milliseconds the worker spent on its last layout (for the page's diagnostics). */
export function lastLayoutMs(): number {
  return lastMs;
}

export interface LayoutState<T> {
  /** The latest laid-out value and its layout: kept while a newer one is being laid out. */
  ready: { value: T; layout: LayoutResult } | null;
  laying: boolean;
  error: Error | null;
}

/**
 * Lays out `input` whenever it changes and pairs the result with `value` (what was laid out),
 * so the canvas never draws one view with another's positions.
 */
export function useLayout<T>(value: T, input: LayoutInput | null): LayoutState<T> {
  const key = input ? fingerprint(input) : null;
  const hit = key ? cachedLayout(key) : undefined;
  const [state, setState] = useState<LayoutState<T>>(() => ({
    ready: hit ? { value, layout: hit } : null,
    laying: false,
    error: null,
  }));
  useEffect(() => {
    if (!input || !key) return;
    const known = cachedLayout(key);
    if (known) {
      setState({ ready: { value, layout: known }, laying: false, error: null });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, laying: true, error: null }));
    requestLayout(input, key).then(
      (layout) => live && setState({ ready: { value, layout }, laying: false, error: null }),
      (error: unknown) =>
        live && setState((s) => ({ ...s, laying: false, error: error instanceof Error ? error : new Error(String(error)) })),
    );
    return () => {
      live = false;
    };
  }, [key, value, input]);
  return state;
}
