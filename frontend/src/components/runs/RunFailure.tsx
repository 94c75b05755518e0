/** The failure of a failed run, at the top of its page: which step, the error, and its traceback as text. */
import type { EventErrorInfo, RunEvent } from "@/api/runs/eventLog";
import "./runs.css";

export interface RunFailureProps {
  failure: { event: RunEvent; error: EventErrorInfo } | null;
  /** The run's stored failure reason, shown until the failure event has been read. */
  reason: string;
  onShowStep?: (step: string) => void;
}

export function RunFailure({ failure, reason, onShowStep }: RunFailureProps) {
  const step = failure?.event.step_key ?? null;
  const message = failure
    ? `${failure.error.cls ? `${failure.error.cls}: ` : ""}${failure.error.message}`
    : reason || "The run failed.";
  return (
    <section className="runs-failure" aria-labelledby="runs-failure-title" data-testid="run-failure">
      <div className="runs-failure-head">
        <h2 id="runs-failure-title">{step ? `Step ${step} failed` : "The run failed"}</h2>
        {step && onShowStep && (
          <button type="button" className="btn btn-sm" onClick={() => onShowStep(step)}>
            Show {step}'s events
          </button>
        )}
      </div>
      <p className="runs-failure-message mono">{message}</p>
      {failure?.error.traceback && (
        <details open className="runs-failure-trace">
          <summary>Traceback</summary>
          <pre data-testid="run-traceback">{failure.error.traceback}</pre>
        </details>
      )}
    </section>
  );
}
