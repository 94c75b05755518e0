/**
 * Streams one step's stdout or stderr by byte offset: appends each chunk's `data`, asks again
 * from `next_offset`, back to back while more is stored, every `intervalMs` while the step
 * still writes, and stops when the server says the file is complete.
 */

export interface ComputeLogChunk {
  step_key: string;
  stream: string;
  offset: number;
  next_offset: number;
  size: number;
  data: string;
  truncated: boolean;
  is_complete: boolean;
}

export type FetchComputeLogChunk = (offset: number, signal: AbortSignal) => Promise<ComputeLogChunk>;

export interface ComputeLogState {
  text: string;
  /** Bytes read so far (the next offset). */
  offset: number;
  /** Size of the stored file at the last read, in bytes. */
  size: number;
  /** The file reached its size cap: what the step wrote beyond it is not stored. */
  truncated: boolean;
  complete: boolean;
  error: unknown;
}

export interface ComputeLogReaderOptions {
  intervalMs?: number;
  retryMs?: number;
  onUpdate: (state: ComputeLogState) => void;
}

export class ComputeLogReader {
  private controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  state: ComputeLogState = { text: "", offset: 0, size: 0, truncated: false, complete: false, error: null };

  constructor(
    private readonly fetchChunk: FetchComputeLogChunk,
    private readonly options: ComputeLogReaderOptions,
  ) {}

  start(): void {
    if (this.running || this.state.complete) return;
    this.running = true;
    this.controller = new AbortController();
    void this.tick();
  }

  stop(): void {
    this.running = false;
    this.controller.abort();
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private async tick(): Promise<void> {
    this.timer = null;
    const { signal } = this.controller;
    try {
      const chunk = await this.fetchChunk(this.state.offset, signal);
      if (!this.running) return;
      const moved = chunk.next_offset > this.state.offset;
      this.state = {
        text: chunk.data ? this.state.text + chunk.data : this.state.text,
        offset: Math.max(this.state.offset, chunk.next_offset),
        size: chunk.size,
        truncated: chunk.truncated,
        complete: chunk.is_complete,
        error: null,
      };
      this.options.onUpdate(this.state);
      if (chunk.is_complete) {
        this.running = false;
        return;
      }
      const behind = moved && chunk.next_offset < chunk.size;
      this.timer = setTimeout(() => void this.tick(), behind ? 0 : (this.options.intervalMs ?? 500));
    } catch (error) {
      if (!this.running || signal.aborted) return;
      this.state = { ...this.state, error };
      this.options.onUpdate(this.state);
      this.timer = setTimeout(() => void this.tick(), this.options.retryMs ?? 2000);
    }
  }
}
