import { describe, expect, it, vi } from "vitest";
import { type ComputeLogChunk, ComputeLogReader, type ComputeLogState } from "./computeLogReader";

/** A fake server over a growing file: `write` appends, `close` completes it. */
function fakeFile(limit = 4) {
  let content = "";
  let complete = false;
  const reads: number[] = [];
  return {
    reads,
    write: (text: string) => {
      content += text;
    },
    close: () => {
      complete = true;
    },
    fetch: async (offset: number): Promise<ComputeLogChunk> => {
      reads.push(offset);
      const data = content.slice(offset, offset + limit);
      const next = offset + data.length;
      return {
        step_key: "raw_users",
        stream: "stdout",
        offset,
        next_offset: next,
        size: content.length,
        data,
        truncated: false,
        is_complete: complete && next >= content.length,
      };
    },
  };
}

describe("ComputeLogReader", () => {
  it("follows next_offset back to back, polls while the step writes, and stops when complete", async () => {
    vi.useFakeTimers();
    try {
      const file = fakeFile(4);
      file.write("hello world\n");
      const states: ComputeLogState[] = [];
      const reader = new ComputeLogReader(file.fetch, { intervalMs: 500, onUpdate: (s) => states.push(s) });
      reader.start();
      await vi.advanceTimersByTimeAsync(10);
      // 12 bytes in chunks of 4: three reads back to back, the last reaching the size.
      expect(file.reads).toEqual([0, 4, 8]);
      expect(reader.state.text).toBe("hello world\n");
      expect(reader.state.complete).toBe(false);

      file.write("more\n");
      await vi.advanceTimersByTimeAsync(500);
      expect(file.reads).toEqual([0, 4, 8, 12, 16]);
      expect(reader.state.text).toBe("hello world\nmore\n");

      file.close();
      await vi.advanceTimersByTimeAsync(500);
      expect(reader.state.complete).toBe(true);
      const readsAtEnd = file.reads.length;
      await vi.advanceTimersByTimeAsync(5000);
      expect(file.reads.length).toBe(readsAtEnd);
      expect(states.at(-1)).toMatchObject({ offset: 17, size: 17, complete: true, error: null });
    } finally {
      vi.useRealTimers();
    }
  });

  it("reports truncation and keeps retrying through errors", async () => {
    vi.useFakeTimers();
    try {
      let calls = 0;
      const reader = new ComputeLogReader(
        async (offset) => {
          calls += 1;
          if (calls === 1) throw new Error("503");
          return { step_key: "s", stream: "stderr", offset, next_offset: 3, size: 3, data: "abc", truncated: true, is_complete: true };
        },
        { retryMs: 1000, onUpdate: () => {} },
      );
      reader.start();
      await vi.advanceTimersByTimeAsync(0);
      expect(reader.state.error).toBeInstanceOf(Error);
      await vi.advanceTimersByTimeAsync(1000);
      expect(reader.state).toMatchObject({ text: "abc", truncated: true, complete: true, error: null });
    } finally {
      vi.useRealTimers();
    }
  });
});
