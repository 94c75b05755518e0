/** Cancel (with a confirmation) and the re-execute menu: all steps, from failure, the chosen steps. */
import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import type { ReexecuteOptions } from "@/api/runs/runs";
import "./runs.css";

export interface RunActionsProps {
  status: string;
  /** Steps chosen in the step list. */
  chosenSteps: readonly string[];
  onCancel: () => void;
  onReexecute: (options: ReexecuteOptions) => void;
  canceling: boolean;
  reexecuting: boolean;
}

const CANCELABLE = new Set(["QUEUED", "STARTING", "STARTED"]);
const FINISHED = new Set(["SUCCESS", "FAILURE", "CANCELED"]);

export function RunActions({ status, chosenSteps, onCancel, onReexecute, canceling, reexecuting }: RunActionsProps) {
  const [confirming, setConfirming] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const menuRef = useRef<HTMLDivElement | null>(null);
  const confirmRef = useRef<HTMLButtonElement | null>(null);
  const toggleRef = useRef<HTMLButtonElement | null>(null);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  useEffect(() => {
    if (!menuOpen) return;
    menuRef.current?.querySelector<HTMLButtonElement>("button:not(:disabled)")?.focus();
    const onDown = (e: MouseEvent) => {
      if (!menuRef.current?.contains(e.target as Node) && !toggleRef.current?.contains(e.target as Node)) setMenuOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [menuOpen]);

  const run = (options: ReexecuteOptions) => {
    setMenuOpen(false);
    onReexecute(options);
  };

  const onMenuKey = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      setMenuOpen(false);
      toggleRef.current?.focus();
      return;
    }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    e.preventDefault();
    const items = [...(menuRef.current?.querySelectorAll<HTMLButtonElement>("button:not(:disabled)") ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const next = items[(at + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length];
    next?.focus();
  };

  const finished = FINISHED.has(status);

  return (
    <div className="runs-actions">
      {CANCELABLE.has(status) && !confirming && (
        <button type="button" className="btn btn-danger" onClick={() => setConfirming(true)} disabled={canceling}>
          {canceling ? "Canceling…" : "Cancel run"}
        </button>
      )}
      {confirming && (
        <div
          className="runs-confirm"
          role="alertdialog"
          aria-label="Cancel this run?"
          onKeyDown={(e) => {
            if (e.key === "Escape") setConfirming(false);
          }}
        >
          <span>Cancel this run? A running step finishes first.</span>
          <button
            ref={confirmRef}
            type="button"
            className="btn btn-sm btn-danger"
            onClick={() => {
              setConfirming(false);
              onCancel();
            }}
          >
            Yes, cancel the run
          </button>
          <button type="button" className="btn btn-sm" onClick={() => setConfirming(false)}>
            Keep it running
          </button>
        </div>
      )}
      <div className="runs-split">
        <button
          type="button"
          className="btn btn-primary runs-split-main"
          disabled={!finished || reexecuting}
          title={finished ? "A new run of every step" : "Re-execute once the run has finished"}
          onClick={() => run({})}
        >
          {reexecuting ? "Launching…" : "Re-execute all"}
        </button>
        <button
          ref={toggleRef}
          type="button"
          className="btn btn-primary runs-split-toggle"
          aria-haspopup="menu"
          aria-expanded={menuOpen}
          aria-label="More ways to re-execute"
          disabled={!finished || reexecuting}
          onClick={() => setMenuOpen((open) => !open)}
        >
          ▾
        </button>
        {menuOpen && (
          <div className="runs-menu" role="menu" aria-label="Re-execute" ref={menuRef} onKeyDown={onMenuKey}>
            <button type="button" role="menuitem" onClick={() => run({})}>
              All steps
            </button>
            <button
              type="button"
              role="menuitem"
              disabled={status !== "FAILURE"}
              title={status === "FAILURE" ? undefined : "Only a failed run"}
              onClick={() => run({ fromFailure: true })}
            >
              From failure
              <span className="muted"> — the steps that did not succeed</span>
            </button>
            <button
              type="button"
              role="menuitem"
              disabled={chosenSteps.length === 0}
              title={chosenSteps.length === 0 ? "Tick steps in the step list first" : undefined}
              onClick={() => run({ steps: [...chosenSteps] })}
            >
              Selected steps ({chosenSteps.length})
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
