/** One partition key, or a range of them (first…last), with the definition's keys suggested and checked. */
import { useId, useMemo, useState } from "react";
import { checkPartition, type PartitionsInfo } from "./partitions";

export type PartitionChoice = { mode: "key"; key: string } | { mode: "range"; start: string; end: string };

const SHOWN = 30;

function KeyCombobox({
  label,
  value,
  keys,
  placeholder,
  onChange,
  invalid,
}: {
  label: string;
  value: string;
  keys: string[] | null;
  placeholder?: string;
  onChange(value: string): void;
  invalid: boolean;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const matches = useMemo(() => {
    if (!keys) return [];
    const needle = value.trim().toLowerCase();
    const out: string[] = [];
    for (let i = keys.length - 1; i >= 0 && out.length < SHOWN; i--) {
      const key = keys[i] ?? "";
      if (!needle || key.toLowerCase().includes(needle)) out.push(key);
    }
    return out;
  }, [keys, value]);
  const showList = open && matches.length > 0 && !(matches.length === 1 && matches[0] === value);
  const choose = (key: string) => {
    onChange(key);
    setOpen(false);
  };
  return (
    <div className="launchpad-combobox">
      <label htmlFor={id} className="launchpad-label">
        {label}
      </label>
      <input
        id={id}
        className="input mono"
        role="combobox"
        aria-expanded={showList}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-invalid={invalid || undefined}
        aria-activedescendant={showList ? `${id}-opt-${active}` : undefined}
        autoComplete="off"
        placeholder={placeholder}
        value={value}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 120)}
        onChange={(event) => {
          onChange(event.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={(event) => {
          if (!showList) {
            if (event.key === "ArrowDown") setOpen(true);
            return;
          }
          if (event.key === "ArrowDown") {
            event.preventDefault();
            setActive((i) => Math.min(i + 1, matches.length - 1));
          } else if (event.key === "ArrowUp") {
            event.preventDefault();
            setActive((i) => Math.max(i - 1, 0));
          } else if (event.key === "Enter") {
            const key = matches[active];
            if (key !== undefined) {
              event.preventDefault();
              choose(key);
            }
          } else if (event.key === "Escape") {
            setOpen(false);
          }
        }}
      />
      {showList && (
        <ul className="launchpad-options" role="listbox" id={`${id}-list`} aria-label={`${label} suggestions`}>
          {matches.map((key, i) => (
            <li
              key={key}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? "active" : undefined}
              onMouseDown={(event) => {
                event.preventDefault();
                choose(key);
              }}
            >
              {key}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function partitionChoiceProblem(info: PartitionsInfo | null, choice: PartitionChoice): string | null {
  return choice.mode === "key" ? checkPartition(info, choice.key) : checkPartition(info, choice.start, choice.end);
}

export function PartitionPicker({
  info,
  choice,
  onChange,
  serverErrors = [],
  showProblem,
}: {
  info: PartitionsInfo;
  choice: PartitionChoice;
  onChange(choice: PartitionChoice): void;
  serverErrors?: string[];
  /** Say what is wrong before launching (after the user typed, or tried to launch). */
  showProblem: boolean;
}) {
  const problem = partitionChoiceProblem(info, choice);
  const placeholder = info.keys?.length ? info.keys[info.keys.length - 1] : (info.format ?? "partition key");
  const count = info.keys?.length;
  const rangeSize =
    choice.mode === "range" && info.keys && !problem ? info.keys.indexOf(choice.end) - info.keys.indexOf(choice.start) + 1 : null;
  return (
    <fieldset className="launchpad-partitions">
      <legend className="launchpad-section-title">Partitions</legend>
      <div className="muted launchpad-hint">
        {info.description}
        {count !== undefined && ` · ${count.toLocaleString()} keys${info.truncated ? " (the newest)" : ""}`}
      </div>
      <div className="launchpad-segmented" role="radiogroup" aria-label="Partition selection">
        {(["key", "range"] as const).map((mode) => (
          <label key={mode} className={choice.mode === mode ? "active" : undefined}>
            <input
              type="radio"
              name="partition-mode"
              value={mode}
              checked={choice.mode === mode}
              onChange={() =>
                onChange(
                  mode === "key"
                    ? { mode: "key", key: choice.mode === "range" ? choice.start : choice.key }
                    : { mode: "range", start: choice.mode === "key" ? choice.key : choice.start, end: choice.mode === "key" ? choice.key : choice.end },
                )
              }
            />
            {mode === "key" ? "One partition" : "Range"}
          </label>
        ))}
      </div>
      {choice.mode === "key" ? (
        <KeyCombobox
          label="Partition key"
          value={choice.key}
          keys={info.keys}
          placeholder={placeholder}
          invalid={showProblem && problem !== null}
          onChange={(key) => onChange({ mode: "key", key })}
        />
      ) : (
        <div className="launchpad-range">
          <KeyCombobox
            label="First partition"
            value={choice.start}
            keys={info.keys}
            placeholder={info.keys?.[0] ?? info.format}
            invalid={showProblem && problem !== null}
            onChange={(start) => onChange({ ...choice, start })}
          />
          <span aria-hidden="true" className="launchpad-range-sep">
            …
          </span>
          <KeyCombobox
            label="Last partition"
            value={choice.end}
            keys={info.keys}
            placeholder={placeholder}
            invalid={showProblem && problem !== null}
            onChange={(end) => onChange({ ...choice, end })}
          />
        </div>
      )}
      {info.keys && info.keys.length > 0 && (
        <div className="toolbar launchpad-partition-shortcuts">
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => onChange({ mode: "key", key: info.keys?.[info.keys.length - 1] ?? "" })}
          >
            Latest
          </button>
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => onChange({ mode: "range", start: info.keys?.[0] ?? "", end: info.keys?.[info.keys.length - 1] ?? "" })}
          >
            All
          </button>
        </div>
      )}
      {rangeSize !== null && <div className="muted">{rangeSize.toLocaleString()} partitions in one run.</div>}
      {showProblem && problem && (
        <div className="launchpad-field-error" role="alert">
          {problem}
        </div>
      )}
      {serverErrors.map((message) => (
        <div key={message} className="launchpad-field-error" role="alert">
          {message}
        </div>
      ))}
    </fieldset>
  );
}
