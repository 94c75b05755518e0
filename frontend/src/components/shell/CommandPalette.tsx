/** Ctrl-K: jump to any asset, job or run. */
export function CommandPalette({ open, onClose }: { open: boolean; onClose: () => void }) {
  if (!open) return null;
  return (
    <div role="dialog" aria-label="Command palette">
      <button type="button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
