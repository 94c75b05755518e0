/** The run's steps grouped by state; a click filters the log to a step, a tick chooses it for re-execution. */
import type { Step } from "@/api/runs/runs";
import { durationBetween, formatDuration } from "@/lib/format";
import "./runs.css";

const GROUPS: { status: Step["status"]; label: string }[] = [
  { status: "RUNNING", label: "Running" },
  { status: "FAILURE", label: "Failed" },
  { status: "PENDING", label: "Waiting" },
  { status: "SUCCESS", label: "Succeeded" },
  { status: "SKIPPED", label: "Skipped" },
];

export interface StepListProps {
  steps: readonly Step[];
  now: number;
  selectedStep: string | null;
  onSelectStep: (step: string | null) => void;
  /** Steps chosen for "Re-execute selected"; null hides the checkboxes. */
  chosen: ReadonlySet<string> | null;
  onChoose?: (steps: ReadonlySet<string>) => void;
}

export function StepList({ steps, now, selectedStep, onSelectStep, chosen, onChoose }: StepListProps) {
  const choose = (key: string, on: boolean) => {
    if (!chosen || !onChoose) return;
    const next = new Set(chosen);
    if (on) next.add(key);
    else next.delete(key);
    onChoose(next);
  };
  return (
    <div className="runs-steps" data-testid="step-list">
      {GROUPS.map(({ status, label }) => {
        const group = steps.filter((s) => s.status === status);
        if (group.length === 0 && status !== "RUNNING" && status !== "FAILURE") return null;
        return (
          <section key={status} className="runs-steps-group" aria-label={`${label} steps`}>
            <h3 className="runs-steps-heading">
              <span className={`runs-dot runs-dot-${status.toLowerCase()}`} aria-hidden="true" />
              {label} <span className="runs-count">{group.length}</span>
            </h3>
            {group.length === 0 ? (
              <div className="runs-steps-none muted">None</div>
            ) : (
              <ul>
                {group.map((step) => (
                  <li key={step.step_key} className={selectedStep === step.step_key ? "runs-steps-selected" : undefined}>
                    {chosen && (
                      <input
                        type="checkbox"
                        aria-label={`Choose ${step.step_key} to re-execute`}
                        checked={chosen.has(step.step_key)}
                        onChange={(e) => choose(step.step_key, e.target.checked)}
                      />
                    )}
                    <button
                      type="button"
                      className="runs-linklike runs-steps-name"
                      aria-pressed={selectedStep === step.step_key}
                      onClick={() => onSelectStep(selectedStep === step.step_key ? null : step.step_key)}
                    >
                      {step.step_key}
                    </button>
                    {step.attempts > 1 && <span className="tag" title="Attempts">×{step.attempts}</span>}
                    <span className="runs-steps-duration muted mono">
                      {formatDuration(durationBetween(step.start_time, step.end_time, now))}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
