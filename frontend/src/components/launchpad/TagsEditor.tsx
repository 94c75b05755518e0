/** The run's tags as key/value rows; the tags that change how a run executes are suggested. */
export const SYSTEM_TAGS: { key: string; hint: string }[] = [
  { key: "dagster/max_runtime", hint: "seconds before the run is terminated" },
  { key: "dagster/max_retries", hint: "times a failed run is retried" },
  { key: "dagster/retry_strategy", hint: "FROM_FAILURE or ALL_STEPS" },
];

export interface TagRow {
  key: string;
  value: string;
}

export function tagsToObject(rows: TagRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of rows) if (row.key.trim()) out[row.key.trim()] = row.value;
  return out;
}

/** Keys written twice, or a value without a key. */
export function tagProblems(rows: TagRow[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const key = row.key.trim();
    if (!key && row.value) problems.push(`Tag ${i + 1} has a value but no key.`);
    if (key && seen.has(key)) problems.push(`Tag '${key}' is given twice.`);
    seen.add(key);
  });
  return problems;
}

export function TagsEditor({
  rows,
  onChange,
  serverErrors = [],
}: {
  rows: TagRow[];
  onChange(rows: TagRow[]): void;
  serverErrors?: string[];
}) {
  const update = (index: number, patch: Partial<TagRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const problems = [...tagProblems(rows), ...serverErrors];
  return (
    <fieldset className="launchpad-tags">
      <legend className="launchpad-section-title">Tags</legend>
      {rows.length === 0 && <p className="muted">No tags.</p>}
      {rows.map((row, index) => (
        <div className="launchpad-tag-row" key={index}>
          <input
            className="input mono"
            aria-label={`Tag ${index + 1} key`}
            placeholder="key"
            list="launchpad-system-tags"
            value={row.key}
            onChange={(event) => update(index, { key: event.target.value })}
          />
          <span aria-hidden="true">=</span>
          <input
            className="input mono"
            aria-label={`Tag ${index + 1} value`}
            placeholder="value"
            value={row.value}
            onChange={(event) => update(index, { value: event.target.value })}
          />
          <button
            type="button"
            className="btn btn-sm"
            aria-label={`Remove tag ${index + 1}`}
            onClick={() => onChange(rows.filter((_, i) => i !== index))}
          >
            ✕
          </button>
        </div>
      ))}
      <datalist id="launchpad-system-tags">
        {SYSTEM_TAGS.map((tag) => (
          <option key={tag.key} value={tag.key}>
            {tag.hint}
          </option>
        ))}
      </datalist>
      <button type="button" className="btn btn-sm" onClick={() => onChange([...rows, { key: "", value: "" }])}>
        + Add tag
      </button>
      {problems.map((problem) => (
        <div key={problem} className="launchpad-field-error" role="alert">
          {problem}
        </div>
      ))}
    </fieldset>
  );
}
