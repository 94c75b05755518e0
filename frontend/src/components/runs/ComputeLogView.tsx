/** One step's stdout or stderr as text, following its end while the step still writes. */
import { useLayoutEffect, useRef, useState } from "react";
import type { ComputeLogState } from "@/api/runs/computeLogReader";
import { ErrorMessage } from "@/components/common/ErrorMessage";
import { formatBytes } from "./bytes";
import "./runs.css";

export interface ComputeLogViewProps {
  stream: "stdout" | "stderr";
  stepKey: string | null;
  state: ComputeLogState | null;
}

export function ComputeLogView({ stream, stepKey, state }: ComputeLogViewProps) {
  const ref = useRef<HTMLPreElement | null>(null);
  const [following, setFollowing] = useState(true);
  const text = state?.text ?? "";

  useLayoutEffect(() => {
    const el = ref.current;
    if (el && following) el.scrollTop = el.scrollHeight;
  }, [text, following]);

  if (!stepKey) return <div className="empty">Choose a step to read its {stream}.</div>;
  if (!state) return <div className="empty" role="status">Reading {stream} of {stepKey}…</div>;

  return (
    <div className="runs-compute">
      <div className="runs-compute-status muted" data-testid={`${stream}-status`}>
        {formatBytes(state.size)} {state.complete ? "· complete" : "· streaming while the step runs"}
        {state.truncated && (
          <span className="runs-compute-truncated" role="note">
            {" "}· truncated: the step wrote more than the stored cap; the rest is not kept
          </span>
        )}
      </div>
      {state.error != null && <ErrorMessage error={state.error} title={`Could not read ${stream}`} />}
      {text === "" ? (
        <div className="empty">{state.complete ? `${stepKey} wrote nothing to ${stream}.` : `Nothing written to ${stream} yet.`}</div>
      ) : (
        <pre
          ref={ref}
          className="runs-compute-text"
          data-testid={`${stream}-text`}
          tabIndex={0}
          aria-label={`${stream} of ${stepKey}`}
          onScroll={(e) => {
            const el = e.currentTarget;
            setFollowing(el.scrollTop + el.clientHeight >= el.scrollHeight - 16);
          }}
        >
          {text}
        </pre>
      )}
    </div>
  );
}
