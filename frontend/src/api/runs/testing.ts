/** Events for tests of the run page's components. */
import type { RunEvent } from "./eventLog";

export function makeEvent(id: number, patch: Partial<RunEvent> = {}): RunEvent {
  return {
    id,
    type: "LOG_MESSAGE",
    level: "INFO",
    step_key: null,
    asset_key: null,
    partition: null,
    message: `event ${id}`,
    payload: {},
    timestamp: new Date(Date.UTC(2026, 0, 1, 12, 0, 0) + id).toISOString(),
    ...patch,
  };
}
