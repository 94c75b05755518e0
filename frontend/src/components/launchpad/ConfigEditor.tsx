/**
 * The run-config editor (CodeMirror 6, YAML or JSON): completion from the config schema
 * (Ctrl-Space), syntax and schema problems as you type, and the server's errors of the last
 * launch on their field.
 */
import { autocompletion, completionStatus } from "@codemirror/autocomplete";
import { json } from "@codemirror/lang-json";
import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { Compartment, EditorSelection, EditorState, Prec } from "@codemirror/state";
import { EditorView, keymap, placeholder } from "@codemirror/view";
import { basicSetup } from "codemirror";
import { forwardRef, useEffect, useImperativeHandle, useRef } from "react";
import { configCompletionSource } from "./configCompletion";
import type { ConfigLanguage } from "./configDocument";
import type { JsonSchema } from "./configSchema";
import {
  configProblems,
  type EditorProblem,
  editorHighlight,
  editorTheme,
  inlineMessages,
  setInlineMessages,
  toDiagnostics,
} from "./editorSetup";
import type { ConfigError } from "./launchErrors";

export interface ConfigEditorHandle {
  /** Puts the cursor on `from` and focuses the editor (from the errors panel). */
  reveal(from: number, to?: number): void;
  focus(): void;
}

export interface ConfigEditorProps {
  value: string;
  language: ConfigLanguage;
  schema: JsonSchema | null;
  serverErrors: ConfigError[];
  onChange(value: string): void;
  /** Every problem on the text, whenever they change (for the errors panel). */
  onProblems?(problems: EditorProblem[]): void;
  label?: string;
  /** Milliseconds between the last keystroke and the check of the text. */
  checkDelay?: number;
}

/**
 * Enter after `key:` at a line's end opens the nested block, two spaces further in; with the
 * completion list open, Enter is left to it (it accepts the chosen key).
 */
function yamlEnterIndents(view: EditorView): boolean {
  const { state } = view;
  if (completionStatus(state) === "active") return false;
  const range = state.selection.main;
  if (!range.empty) return false;
  const line = state.doc.lineAt(range.head);
  const before = line.text.slice(0, range.head - line.from);
  if (range.head !== line.to || !/^\s*(?:-\s+)?[^\s#][^#]*:\s*$/.test(before)) return false;
  const indent = /^\s*/.exec(before)?.[0].length ?? 0;
  const insert = `\n${" ".repeat(indent + 2)}`;
  view.dispatch({ changes: { from: range.head, insert }, selection: { anchor: range.head + insert.length }, scrollIntoView: true });
  return true;
}

function languageExtension(language: ConfigLanguage) {
  return language === "json" ? json() : [yaml(), Prec.high(keymap.of([{ key: "Enter", run: yamlEnterIndents }]))];
}

export const ConfigEditor = forwardRef<ConfigEditorHandle, ConfigEditorProps>(function ConfigEditor(
  { value, language, schema, serverErrors, onChange, onProblems, label = "Run config", checkDelay = 200 },
  ref,
) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const languageSlot = useRef(new Compartment());
  const latest = useRef({ schema, language, serverErrors, onChange, onProblems });
  latest.current = { schema, language, serverErrors, onChange, onProblems };
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const check = () => {
    const current = view.current;
    if (!current) return;
    const text = current.state.doc.toString();
    const { language: lang, schema: sch, serverErrors: errors } = latest.current;
    const problems = configProblems(text, lang, sch, errors);
    const length = current.state.doc.length;
    current.dispatch(setDiagnostics(current.state, toDiagnostics(problems, length)));
    current.dispatch({
      effects: setInlineMessages.of(
        problems.map((p) => ({ from: Math.min(p.from, length), to: Math.min(p.to, length), severity: "error", message: p.message })),
      ),
    });
    latest.current.onProblems?.(problems);
  };

  useEffect(() => {
    if (!host.current) return;
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          languageSlot.current.of(languageExtension(language)),
          autocompletion({
            override: [configCompletionSource(() => latest.current.schema ?? {}, () => latest.current.language)],
            icons: false,
          }),
          lintGutter(),
          placeholder("Empty: Ctrl-Space completes keys, “Scaffold missing config” writes the required ones"),
          inlineMessages,
          editorTheme,
          editorHighlight,
          EditorView.contentAttributes.of({ "aria-label": label, "aria-multiline": "true", "data-testid": "config-editor" }),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged) return;
            latest.current.onChange(update.state.doc.toString());
            if (timer.current) clearTimeout(timer.current);
            timer.current = setTimeout(check, checkDelay);
          }),
        ],
      }),
    });
    view.current = editor;
    check();
    return () => {
      if (timer.current) clearTimeout(timer.current);
      editor.destroy();
      view.current = null;
    };
    // The editor is created once; later props reach it through `latest` and the effects below.
  }, []);

  // A value set from outside (scaffold, a stored draft, a new target) replaces the text.
  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const current = editor.state.doc.toString();
    if (current !== value) editor.dispatch({ changes: { from: 0, to: current.length, insert: value } });
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({ effects: languageSlot.current.reconfigure(languageExtension(language)) });
    check();
  }, [language]);

  useEffect(() => {
    check();
  }, [schema, serverErrors]);

  useImperativeHandle(ref, () => ({
    reveal(from: number, to?: number) {
      const editor = view.current;
      if (!editor) return;
      const length = editor.state.doc.length;
      const anchor = Math.min(from, length);
      editor.dispatch({
        selection: EditorSelection.range(anchor, Math.min(to ?? anchor, length)),
        effects: EditorView.scrollIntoView(anchor, { y: "center" }),
      });
      editor.focus();
    },
    focus() {
      view.current?.focus();
    },
  }));

  return <div className="launchpad-editor" ref={host} />;
});
