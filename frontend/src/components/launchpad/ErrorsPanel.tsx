/** Every problem of the launch in one list: the server's errors by path, and what the editor found. */
import type { EditorProblem } from "./editorSetup";

const SOURCE_LABEL: Record<EditorProblem["source"], string> = {
  server: "server",
  schema: "schema",
  syntax: "syntax",
};

export function ErrorsPanel({
  problems,
  requestErrors,
  onReveal,
}: {
  problems: EditorProblem[];
  /** Errors of the request outside the run config (selection, job, location, ...), by field. */
  requestErrors: Record<string, string[]>;
  onReveal(problem: EditorProblem): void;
}) {
  const request = Object.entries(requestErrors).flatMap(([field, messages]) => messages.map((message) => ({ field, message })));
  const count = problems.length + request.length;
  return (
    <section className="launchpad-errors" aria-labelledby="launchpad-errors-title" aria-live="polite">
      <h2 id="launchpad-errors-title" className="launchpad-section-title">
        {count ? `Errors (${count})` : "Errors"}
      </h2>
      {count === 0 ? (
        <p className="launchpad-ok">No errors found here; the server checks the config again at launch.</p>
      ) : (
        <ul className="launchpad-error-list" data-testid="launch-errors">
          {request.map(({ field, message }) => (
            <li key={`request-${field}-${message}`}>
              <span className="launchpad-error-source">server</span>
              {field && <code className="launchpad-error-path">{field}</code>}
              <span className="launchpad-error-message">{message}</span>
            </li>
          ))}
          {problems.map((problem, index) => (
            <li key={`${problem.source}-${problem.dotted ?? ""}-${index}`}>
              <span className={`launchpad-error-source source-${problem.source}`}>{SOURCE_LABEL[problem.source]}</span>
              <button
                type="button"
                className="launchpad-error-jump"
                onClick={() => onReveal(problem)}
                title="Show in the editor"
              >
                {problem.dotted ? <code className="launchpad-error-path">{problem.dotted}</code> : <code className="launchpad-error-path">text</code>}
                <span className="launchpad-error-message">{problem.message}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
