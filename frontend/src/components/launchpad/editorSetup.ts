/**
 * The CodeMirror pieces of the run-config editor: theme from the UI's tokens, syntax colours,
 * and the problems shown on the text (underline, gutter mark, and the message at the line's end).
 */
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import type { Diagnostic } from "@codemirror/lint";
import { type EditorState, type Extension, RangeSetBuilder, StateEffect, StateField } from "@codemirror/state";
import { Decoration, type DecorationSet, EditorView, WidgetType } from "@codemirror/view";
import { tags } from "@lezer/highlight";
import { type ConfigLanguage, parseConfig, rangeOfPath } from "./configDocument";
import { type JsonSchema, validateConfig } from "./configSchema";
import type { ConfigError } from "./launchErrors";

export const editorTheme: Extension = EditorView.theme({
  "&": {
    backgroundColor: "var(--surface)",
    color: "var(--text)",
    height: "100%",
    fontSize: "13px",
  },
  "&.cm-focused": { outline: "2px solid var(--focus)", outlineOffset: "-2px" },
  ".cm-scroller": { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace', lineHeight: "1.55" },
  ".cm-content": { caretColor: "var(--text)", padding: "8px 0" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--text)" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection": {
    backgroundColor: "var(--accent-soft)",
  },
  ".cm-gutters": { backgroundColor: "var(--surface-2)", color: "var(--text-faint)", borderRight: "1px solid var(--border)" },
  ".cm-activeLine": { backgroundColor: "color-mix(in srgb, var(--surface-hover) 55%, transparent)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--surface-hover)", color: "var(--text)" },
  ".cm-matchingBracket": { backgroundColor: "var(--accent-soft)", outline: "1px solid var(--border-strong)" },
  ".cm-tooltip": {
    backgroundColor: "var(--surface)",
    color: "var(--text)",
    border: "1px solid var(--border-strong)",
    borderRadius: "6px",
    boxShadow: "var(--shadow-lg)",
  },
  ".cm-tooltip-autocomplete > ul > li": { padding: "2px 8px" },
  ".cm-tooltip-autocomplete > ul > li[aria-selected]": { backgroundColor: "var(--accent)", color: "var(--on-accent)" },
  ".cm-completionDetail": { color: "inherit", opacity: "0.75", marginLeft: "10px", fontStyle: "normal" },
  ".cm-completionInfo": { whiteSpace: "pre-wrap", maxWidth: "320px", padding: "6px 9px" },
  ".cm-completionMatchedText": { textDecoration: "none", fontWeight: "700" },
  ".cm-diagnostic-error": { borderLeftColor: "var(--failure)" },
  ".cm-lintRange-error": {
    backgroundImage: "none",
    textDecoration: "underline wavy var(--failure)",
    textDecorationSkipInk: "none",
    textUnderlineOffset: "3px",
  },
  ".cm-panels": { backgroundColor: "var(--surface-2)", color: "var(--text)" },
  ".cm-inline-error": {
    marginLeft: "14px",
    padding: "0 6px",
    borderRadius: "4px",
    color: "var(--failure)",
    backgroundColor: "var(--failure-soft)",
    fontFamily: "system-ui, sans-serif",
    fontSize: "12px",
  },
});

export const editorHighlight: Extension = syntaxHighlighting(
  HighlightStyle.define([
    { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: "var(--accent)" },
    { tag: [tags.string, tags.special(tags.string)], color: "var(--success)" },
    { tag: [tags.number, tags.bool, tags.null, tags.atom], color: "var(--warning)" },
    { tag: [tags.comment, tags.lineComment], color: "var(--text-faint)", fontStyle: "italic" },
    { tag: [tags.keyword, tags.typeName, tags.labelName], color: "var(--queued)" },
    { tag: [tags.punctuation, tags.separator, tags.brace, tags.squareBracket], color: "var(--text-muted)" },
  ]),
);

class InlineMessage extends WidgetType {
  constructor(readonly message: string) {
    super();
  }
  eq(other: InlineMessage): boolean {
    return other.message === this.message;
  }
  toDOM(): HTMLElement {
    const span = document.createElement("span");
    span.className = "cm-inline-error";
    span.setAttribute("aria-hidden", "true");
    span.textContent = this.message;
    return span;
  }
}

export const setInlineMessages = StateEffect.define<Diagnostic[]>();

/** The first problem of each line, written after the line's end. */
export const inlineMessages = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, transaction) {
    let next = value.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (effect.is(setInlineMessages)) next = buildInline(transaction.state, effect.value);
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

function buildInline(state: EditorState, diagnostics: Diagnostic[]): DecorationSet {
  const byLine = new Map<number, string[]>();
  for (const diagnostic of diagnostics) {
    const line = state.doc.lineAt(Math.min(diagnostic.from, state.doc.length));
    const messages = byLine.get(line.to) ?? [];
    messages.push(diagnostic.message);
    byLine.set(line.to, messages);
  }
  const builder = new RangeSetBuilder<Decoration>();
  for (const [pos, messages] of [...byLine.entries()].sort((a, b) => a[0] - b[0])) {
    const text = messages.length > 1 ? `${messages[0]} (+${messages.length - 1} more)` : (messages[0] ?? "");
    builder.add(pos, pos, Decoration.widget({ widget: new InlineMessage(text), side: 1 }));
  }
  return builder.finish();
}

export interface EditorProblem {
  from: number;
  to: number;
  message: string;
  /** `run_config.ops.x.config.factor`, when the problem is on a field. */
  dotted?: string;
  source: "server" | "schema" | "syntax";
}

/**
 * Every problem of the text: syntax errors, what the schema check finds, and the server's errors
 * of the last launch placed on their field (a server error replaces the schema's on the same path).
 */
export function configProblems(
  text: string,
  language: ConfigLanguage,
  schema: JsonSchema | null,
  serverErrors: ConfigError[],
): EditorProblem[] {
  const parsed = parseConfig(text, language);
  const problems: EditorProblem[] = parsed.problems.map((p) => ({ ...p, source: "syntax" }));
  const serverPaths = new Set(serverErrors.map((error) => error.dotted));
  for (const error of serverErrors) {
    const range = rangeOfPath(text, error.path);
    problems.push({ from: range.from, to: range.to, message: error.message, dotted: error.dotted, source: "server" });
  }
  if (schema && parsed.value !== undefined) {
    for (const problem of validateConfig(parsed.value ?? {}, schema)) {
      const dotted = ["run_config", ...problem.path].join(".");
      if (serverPaths.has(dotted)) continue;
      const range = rangeOfPath(text, problem.path);
      problems.push({ from: range.from, to: range.to, message: problem.message, dotted, source: "schema" });
    }
  }
  return problems;
}

export function toDiagnostics(problems: EditorProblem[], length: number): Diagnostic[] {
  return problems.map((problem) => {
    const from = Math.min(problem.from, length);
    return {
      from,
      to: Math.min(Math.max(problem.to, from), length),
      severity: "error",
      message: problem.dotted ? `${problem.dotted}: ${problem.message}` : problem.message,
      source: problem.source === "server" ? "Server" : problem.source === "schema" ? "Config schema" : "Syntax",
    };
  });
}
