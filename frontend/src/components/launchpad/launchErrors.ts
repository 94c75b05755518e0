/**
 * A failed launch's 400 body as errors the launchpad can place: run-config errors by path (to
 * underline the field), the other fields' errors (partition, selection, tags) by field.
 *
 * Two shapes of run-config errors are read: nested by path, DRF style
 * (`{"run_config": {"ops": {"x": {"config": {"factor": ["..."]}}}}}`), and a list of
 * `run_config.ops.x.config: message` strings joined with "; ".
 */
import { ApiError } from "@/api/client";

export interface ConfigError {
  /** Segments inside the run config: `["ops", "x", "config", "factor"]`. */
  path: string[];
  /** `run_config.ops.x.config.factor`, as the errors panel names it. */
  dotted: string;
  message: string;
}

export interface LaunchErrors {
  config: ConfigError[];
  /** Errors of other request fields by field name (`partition_key`, `selection`, ...); "" for the request. */
  fields: Record<string, string[]>;
}

const PREFIX = "run_config";
const PATH_IN_MESSAGE = /(?:^|;\s+)(run_config(?:\.[^\s:;]+)*):\s+/g;

/** `run_config.a.b: m1; run_config.c: m2` as [path, message] pairs; null when the text names no path. */
export function splitPathMessages(text: string): { path: string[]; message: string }[] | null {
  const matches = [...text.matchAll(PATH_IN_MESSAGE)];
  if (!matches.length || matches[0]?.index !== 0) return null;
  return matches.map((match, i) => {
    const start = (match.index ?? 0) + match[0].length;
    const next = matches[i + 1];
    const end = next?.index ?? text.length;
    return { path: (match[1] ?? PREFIX).split(".").slice(1), message: text.slice(start, end).trim() };
  });
}

/** A missing or unexpected field named in the message moves the error onto that field. */
function refinePath(path: string[], message: string): string[] {
  const required = /^'([^']+)' is a required property$/.exec(message);
  if (required?.[1] && path[path.length - 1] !== required[1]) return [...path, required[1]];
  const unexpected = /\('([^']+)'(?:, '[^']+')* (?:was|were) unexpected\)/.exec(message);
  if (unexpected?.[1] && path[path.length - 1] !== unexpected[1]) return [...path, unexpected[1]];
  return path;
}

function configError(path: string[], message: string): ConfigError {
  const refined = refinePath(path, message);
  return { path: refined, dotted: [PREFIX, ...refined].join("."), message };
}

export function launchErrors(error: unknown): LaunchErrors {
  const out: LaunchErrors = { config: [], fields: {} };
  if (!(error instanceof ApiError) || error.status !== 400) return out;
  for (const [field, messages] of Object.entries(error.fieldErrors())) {
    const segments = field ? field.split(".") : [];
    if (segments[0] !== PREFIX) {
      const name = field === "detail" || field === "non_field_errors" ? "" : field;
      (out.fields[name] ??= []).push(...messages);
      continue;
    }
    const base = segments.slice(1);
    for (const message of messages) {
      const pairs = base.length === 0 ? splitPathMessages(message) : null;
      if (pairs) for (const pair of pairs) out.config.push(configError(pair.path, pair.message));
      else out.config.push(configError(base, message));
    }
  }
  return out;
}
