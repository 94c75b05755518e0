/**
 * User-written markdown (descriptions, `md` metadata) rendered safely: raw HTML in the source is
 * shown as text, never interpreted; the rendered HTML is sanitised again by DOMPurify (no
 * scripts, event handlers, styles or javascript: URLs), and links open in a new tab without
 * handing the page to the target.
 */
import createDOMPurify from "dompurify";
import { Marked, type Tokens } from "marked";
import { useMemo } from "react";
import "./Markdown.css";

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const marked = new Marked({
  async: false,
  gfm: true,
  renderer: {
    // Raw HTML written in the markdown is text to show, not markup to run.
    html(token: Tokens.HTML | Tokens.Tag) {
      const text = escapeHtml(token.text);
      return "block" in token && token.block ? `<p>${text}</p>` : text;
    },
  },
});

let purifier: ReturnType<typeof createDOMPurify> | null = null;

function getPurifier(): ReturnType<typeof createDOMPurify> {
  if (purifier) return purifier;
  // A private instance: its hook does not change what anyone else's DOMPurify does.
  const instance = createDOMPurify(window);
  instance.addHook("afterSanitizeAttributes", (node) => {
    if (node.tagName === "A" && node.hasAttribute("href")) {
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer nofollow");
    }
  });
  purifier = instance;
  return instance;
}

/** The sanitised HTML of a markdown text (exported for tests). */
export function renderMarkdown(source: string): string {
  const html = marked.parse(source, { async: false });
  return getPurifier().sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ["style", "form", "input", "button", "textarea", "select", "iframe", "object", "embed"],
    FORBID_ATTR: ["style"],
  });
}

export function Markdown({ source, className }: { source: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  // The only place raw HTML reaches the DOM, and only after renderMarkdown sanitised it.
  return <div className={className ? `markdown ${className}` : "markdown"} dangerouslySetInnerHTML={{ __html: html }} />;
}
