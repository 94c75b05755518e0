/** The CLI's selection syntax (`+a`, `a+`, `group:x`, `kind:python`, `*`, unions) as a text box. */
import "./controls.css";
import { useEffect, useId, useState } from "react";
import { ApiError } from "@/api/client";

export interface SelectionBoxProps {
  initial: string;
  busy: boolean;
  error: unknown;
  onApply: (expr: string) => void;
}

function message(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = error.fieldErrors();
    const first = fields.select ?? fields[""] ?? Object.values(fields)[0];
    if (error.status === 400 && first) return first.join(" ");
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export function SelectionBox({ initial, busy, error, onApply }: SelectionBoxProps) {
  const [text, setText] = useState(initial);
  const id = useId();
  useEffect(() => setText(initial), [initial]);
  return (
    <form
      className="lineage-select"
      role="search"
      aria-label="Select assets"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(text);
      }}
    >
      <input
        className={`input mono${error ? " is-invalid" : ""}`}
        type="text"
        aria-label="Selection"
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${id}-error` : `${id}-help`}
        placeholder="+revenue_by_user, group:raw, kind:python, *"
        spellCheck={false}
        autoComplete="off"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" className="btn btn-sm" disabled={busy}>
        {busy ? "Selecting…" : "Select"}
      </button>
      {text && (
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => {
            setText("");
            onApply("");
          }}
        >
          Clear
        </button>
      )}
      <span id={`${id}-help`} className="sr-only">
        The selection syntax of the command line: +name for one step upstream, name+ for downstream, *name for all upstream,
        group:name, kind:name, commas for a union.
      </span>
      {Boolean(error) && (
        <div className="lineage-select-error" id={`${id}-error`} role="alert">
          {message(error)}
        </div>
      )}
    </form>
  );
}
