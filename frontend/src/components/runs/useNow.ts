import { useEffect, useState } from "react";

/** The current time, ticking every `intervalMs` while `live` (durations and bars of running things). */
export function useNow(live: boolean, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [live, intervalMs]);
  return now;
}

/** The width of an element, kept current as it resizes; `fallback` until it is measured. */
export function useElementWidth(element: HTMLElement | null, fallback: number): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return width > 0 ? width : fallback;
}
