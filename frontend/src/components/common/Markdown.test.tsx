import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Markdown, renderMarkdown } from "./Markdown";

declare global {
  interface Window {
    __xss?: number;
  }
}

describe("Markdown", () => {
  it("renders markdown", () => {
    const { container } = render(<Markdown source={"# Title\n\nSome **bold** and `code`.\n\n- one\n- two"} />);
    expect(container.querySelector("h1")).toHaveTextContent("Title");
    expect(container.querySelector("strong")).toHaveTextContent("bold");
    expect(container.querySelector("code")).toHaveTextContent("code");
    expect(container.querySelectorAll("li")).toHaveLength(2);
  });

  it("shows a script tag as text and never runs it", () => {
    const { container } = render(<Markdown source="<script>window.__xss = 1</script><b>bold?</b>" />);
    expect(container.querySelector("script")).toBeNull();
    expect(container.querySelector("b")).toBeNull();
    expect(container).toHaveTextContent("<script>window.__xss = 1</script><b>bold?</b>");
    expect(window.__xss).toBeUndefined();
  });

  it("drops event-handler attributes", () => {
    const html = renderMarkdown('<img src="x" onerror="window.__xss = 2">\n\n![alt](x.png "t")');
    expect(html).not.toMatch(/<img[^>]*onerror/i);
    const { container } = render(<Markdown source={'<img src="x" onerror="window.__xss = 2">'} />);
    expect(container.querySelector("[onerror]")).toBeNull();
    expect(container.querySelector("img")).toBeNull();
    expect(container).toHaveTextContent('<img src="x" onerror="window.__xss = 2">');
  });

  it("removes javascript: and data: links but keeps the text", () => {
    render(<Markdown source={"[click](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD4=)"} />);
    for (const name of ["click", "data"]) {
      const node = screen.getByText(name);
      expect(node.getAttribute("href") ?? "").not.toMatch(/^(javascript|data):/i);
    }
  });

  it("opens links in a new tab without handing over the opener", () => {
    render(<Markdown source="See [the docs](https://example.com/docs)." />);
    const link = screen.getByRole("link", { name: "the docs" });
    expect(link).toHaveAttribute("href", "https://example.com/docs");
    expect(link).toHaveAttribute("target", "_blank");
    expect(link.getAttribute("rel")).toContain("noopener");
    expect(link.getAttribute("rel")).toContain("noreferrer");
  });

  it("escapes HTML inside code", () => {
    const { container } = render(<Markdown source={"```\n<script>x</script>\n```"} />);
    expect(container.querySelector("pre code")).toHaveTextContent("<script>x</script>");
    expect(container.querySelector("script")).toBeNull();
  });
});
