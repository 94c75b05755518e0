/** Text with every case-insensitive occurrence of `needle` marked; rendered as text, never as HTML. */
import type { ReactNode } from "react";
export function Highlight({ text, needle }: { text: string; needle: string }) {
  const find = needle.trim().toLowerCase();
  if (!find) return <>{text}</>;
  const lower = text.toLowerCase();
  const parts: ReactNode[] = [];
  let from = 0;
  for (let at = lower.indexOf(find); at >= 0; at = lower.indexOf(find, from)) {
    if (at > from) parts.push(text.slice(from, at));
    parts.push(<mark key={at}>{text.slice(at, at + find.length)}</mark>);
    from = at + find.length;
  }
  if (from < text.length) parts.push(text.slice(from));
  return <>{parts}</>;
}
