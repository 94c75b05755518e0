/**
 * The run config as text (YAML or JSON): parsing it, where a dotted path sits in the text (to put
 * an error on its field), which path the cursor is at (for completion), and adding fields.
 */
import { jsonLanguage } from "@codemirror/lang-json";
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document } from "yaml";
import { isRecord, type Insertion } from "./configSchema";

export type ConfigLanguage = "yaml" | "json";

export interface TextProblem {
  from: number;
  to: number;
  message: string;
}

export interface ParsedConfig {
  /** The parsed value (null for an empty document); undefined when the text does not parse. */
  value: unknown;
  problems: TextProblem[];
}

function clamp(n: number, length: number): number {
  return Math.max(0, Math.min(n, length));
}

/** The value of the text, or where it fails to parse. */
export function parseConfig(text: string, language: ConfigLanguage): ParsedConfig {
  if (!text.trim()) return { value: null, problems: [] };
  if (language === "json") {
    try {
      return { value: JSON.parse(text), problems: [] };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const at = /position (\d+)/.exec(message);
      const from = clamp(at ? Number(at[1]) : firstJsonErrorAt(text), text.length);
      return { value: undefined, problems: [{ from, to: clamp(from + 1, text.length), message: `JSON: ${message}` }] };
    }
  }
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      value: undefined,
      problems: doc.errors.map((error) => ({
        from: clamp(error.pos[0], text.length),
        to: clamp(Math.max(error.pos[1], error.pos[0] + 1), text.length),
        message: `YAML: ${error.message.split("\n")[0] ?? error.message}`,
      })),
    };
  }
  return { value: doc.toJS({ maxAliasCount: 100 }), problems: [] };
}

/** Where the JSON grammar first fails (V8's messages do not always say). */
function firstJsonErrorAt(text: string): number {
  let at = text.length;
  jsonLanguage.parser.parse(text).iterate({
    enter(node) {
      if (node.type.isError && at === text.length) at = node.from;
      return at === text.length;
    },
  });
  return at;
}

export interface PathRange {
  from: number;
  to: number;
  /** How many segments of the path exist in the text; equal to the path's length when found. */
  matched: number;
}

function keyText(key: unknown): string | null {
  if (isScalar(key)) return String(key.value);
  if (typeof key === "string" || typeof key === "number") return String(key);
  return null;
}

/**
 * Where the value at `path` (`["ops", "x", "config", "factor"]`) is written; for a path that is
 * missing (a required field), the key of its deepest existing parent. JSON is read as YAML, of
 * which it is a subset, so both languages share the ranges of the `yaml` package's nodes.
 */
export function rangeOfPath(text: string, path: readonly string[]): PathRange {
  const fallback: PathRange = { from: 0, to: Math.min(text.length, Math.max(text.indexOf("\n"), 0) || text.length), matched: 0 };
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { prettyErrors: false });
  } catch {
    return fallback;
  }
  let node: unknown = doc.contents;
  let best: PathRange = fallback;
  if (isMap(node) || isSeq(node)) {
    const range = node.range;
    if (range) best = { from: range[0], to: firstLineEnd(text, range[0], range[1]), matched: 0 };
  }
  for (let depth = 0; depth < path.length; depth++) {
    const segment = path[depth];
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyText(item.key) === segment);
      if (!pair) return best;
      const key = pair.key;
      const keyRange = isScalar(key) ? key.range : null;
      const value = pair.value;
      const valueRange = isScalar(value) || isMap(value) || isSeq(value) ? value.range : null;
      const last = depth === path.length - 1;
      if (last && isScalar(value) && valueRange && valueRange[1] > valueRange[0]) {
        return { from: valueRange[0], to: valueRange[1], matched: depth + 1 };
      }
      if (keyRange) best = { from: keyRange[0], to: keyRange[1], matched: depth + 1 };
      else if (valueRange) best = { from: valueRange[0], to: firstLineEnd(text, valueRange[0], valueRange[1]), matched: depth + 1 };
      node = value;
    } else if (isSeq(node) && segment !== undefined && /^\d+$/.test(segment)) {
      const item = node.items[Number(segment)];
      const range = isScalar(item) || isMap(item) || isSeq(item) ? item.range : null;
      if (!range) return best;
      best = { from: range[0], to: firstLineEnd(text, range[0], range[1]), matched: depth + 1 };
      node = item;
    } else {
      return best;
    }
  }
  return best;
}

function firstLineEnd(text: string, from: number, to: number): number {
  const newline = text.indexOf("\n", from);
  return newline === -1 || newline > to ? to : Math.max(newline, from + 1);
}

export interface CursorPath {
  /** Keys of the objects enclosing the cursor, outermost first. */
  path: string[];
  /** The cursor is where a key is written (not a value). */
  atKey: boolean;
  /** For a value: the key it belongs to. */
  key?: string;
  /** Where the word being completed starts. */
  from: number;
  /** The partial word before the cursor (without a JSON quote). */
  prefix: string;
  /** The indentation of the cursor's line (YAML), for inserting nested keys. */
  indent: number;
  /** In JSON, the word started with a quote (`"fa|`). */
  quoted: boolean;
}

const YAML_KEY_LINE = /^(\s*)(?:-\s+)?("[^"]*"|'[^']*'|[^\s#:'"][^:#]*?)\s*:(?:\s|$)/;

function unquote(key: string): string {
  return /^["'].*["']$/.test(key) ? key.slice(1, -1) : key;
}

/** The path at `pos` in YAML, from indentation (the text being typed rarely parses). */
export function yamlPathAt(text: string, pos: number): CursorPath {
  const lineStart = text.lastIndexOf("\n", pos - 1) + 1;
  const before = text.slice(lineStart, pos);
  const indent = /^\s*/.exec(before)?.[0].length ?? 0;
  const keyMatch = YAML_KEY_LINE.exec(before);
  const path: string[] = [];
  let level = indent;
  const lines = text.slice(0, lineStart).split("\n");
  for (let i = lines.length - 1; i >= 0 && level > 0; i--) {
    const line = lines[i] ?? "";
    if (!line.trim() || line.trim().startsWith("#")) continue;
    const lineIndent = /^\s*/.exec(line)?.[0].length ?? 0;
    if (lineIndent >= level) continue;
    const match = YAML_KEY_LINE.exec(line);
    if (!match?.[2]) break;
    path.unshift(unquote(match[2]));
    level = lineIndent;
  }
  if (keyMatch?.[2]) {
    const afterColon = before.slice(keyMatch[0].length);
    const prefix = /[^\s]*$/.exec(afterColon)?.[0] ?? "";
    return { path, atKey: false, key: unquote(keyMatch[2]), from: pos - prefix.length, prefix, indent, quoted: false };
  }
  const prefix = /[\w.-]*$/.exec(before)?.[0] ?? "";
  return { path, atKey: true, from: pos - prefix.length, prefix, indent, quoted: false };
}

/** The path at `pos` in JSON, by scanning the text before it. */
export function jsonPathAt(text: string, pos: number): CursorPath {
  interface Frame {
    kind: "object" | "array";
    key: string | null;
    index: number;
    expectKey: boolean;
  }
  const stack: Frame[] = [];
  let lastString: string | null = null;
  let i = 0;
  let openString: { start: number } | null = null;
  while (i < pos) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      let value = "";
      while (j < pos && text[j] !== '"') {
        if (text[j] === "\\") j++;
        value += text[j] ?? "";
        j++;
      }
      if (j >= pos) {
        openString = { start: i };
        break;
      }
      lastString = value;
      i = j + 1;
      continue;
    }
    const top = stack[stack.length - 1];
    if (ch === "{") {
      stack.push({ kind: "object", key: null, index: 0, expectKey: true });
    } else if (ch === "[") {
      stack.push({ kind: "array", key: null, index: 0, expectKey: false });
    } else if (ch === "}" || ch === "]") {
      stack.pop();
    } else if (ch === ":" && top?.kind === "object") {
      top.key = lastString;
      top.expectKey = false;
    } else if (ch === "," && top) {
      if (top.kind === "object") top.expectKey = true;
      else top.index++;
    }
    if (ch === "{" || ch === "[" || ch === ",") lastString = null;
    i++;
  }
  const path: string[] = [];
  for (let depth = 0; depth < stack.length - 1; depth++) {
    const frame = stack[depth];
    if (!frame) continue;
    path.push(frame.kind === "object" ? (frame.key ?? "") : String(frame.index));
  }
  const top = stack[stack.length - 1];
  const quoted = openString !== null;
  const prefix = openString ? text.slice(openString.start + 1, pos) : (/[\w.-]*$/.exec(text.slice(0, pos))?.[0] ?? "");
  const from = openString ? openString.start : pos - prefix.length;
  if (!top) return { path: [], atKey: true, from, prefix, indent: 0, quoted };
  if (top.kind === "array") return { path: [...path, String(top.index)], atKey: false, from, prefix, indent: 0, quoted };
  if (top.expectKey) return { path, atKey: true, from, prefix, indent: 0, quoted };
  return { path, atKey: false, key: top.key ?? undefined, from, prefix, indent: 0, quoted };
}

export function pathAt(text: string, pos: number, language: ConfigLanguage): CursorPath {
  return language === "json" ? jsonPathAt(text, pos) : yamlPathAt(text, pos);
}

/** The keys already written in the object at `path` (so completion leaves them out). */
export function existingKeys(text: string, path: readonly string[]): Set<string> {
  try {
    const doc = parseDocument(text, { prettyErrors: false });
    const node = path.length ? doc.getIn(path, true) : doc.contents;
    if (isMap(node)) {
      return new Set(node.items.map((pair) => keyText(pair.key)).filter((key): key is string => key !== null));
    }
  } catch {
    // A document too broken to read: offer every key.
  }
  return new Set();
}

/**
 * The text with the insertions made: YAML keeps the user's comments and layout (the `yaml`
 * document model); JSON is printed again with two-space indentation.
 */
export function applyInsertions(text: string, language: ConfigLanguage, insertions: Insertion[]): string {
  if (!insertions.length) return text;
  if (language === "json") {
    let root: unknown = text.trim() ? JSON.parse(text) : {};
    for (const { path, value } of insertions) root = setIn(root, path, value);
    return `${JSON.stringify(root, null, 2)}\n`;
  }
  const doc: Document = parseDocument(text.trim() ? text : "{}");
  if (doc.errors.length) throw new Error("Fix the YAML first: it does not parse.");
  for (const { path, value } of insertions) {
    if (!path.length) doc.contents = doc.createNode(value);
    else doc.setIn(path, doc.createNode(value));
  }
  // `{}` (an empty document) grows into block style, as a user would write it.
  if (isMap(doc.contents) && /^\s*(\{\s*\})?\s*$/.test(text)) doc.contents.flow = false;
  return doc.toString();
}

function setIn(root: unknown, path: readonly string[], value: unknown): unknown {
  if (!path.length) return value;
  const [head, ...rest] = path;
  const object: Record<string, unknown> = isRecord(root) ? { ...root } : {};
  if (head === undefined) return value;
  object[head] = setIn(object[head], rest, value);
  return object;
}
