import { describe, expect, it } from "vitest";
import { summarizePartitions } from "./partitions";

const NOW = Date.parse("2026-01-11T12:00:00Z");

describe("summarizePartitions", () => {
  it("counts daily partitions up to now", () => {
    const summary = summarizePartitions(
      { type: "DailyPartitionsDefinition", start: "2026-01-01T00:00:00+00:00", end: null, timezone: "UTC", fmt: "%Y-%m-%d", end_offset: 0, cron_schedule: "0 0 * * *" },
      NOW,
    );
    expect(summary?.kind).toBe("Daily");
    expect(summary?.total).toBe(10);
    expect(summary?.details[1]).toEqual(["End", "open (grows with time)"]);
  });

  it("counts static keys and multiplies multi dimensions", () => {
    expect(summarizePartitions({ type: "StaticPartitionsDefinition", partition_keys: ["eu", "us"] })?.total).toBe(2);
    const multi = summarizePartitions(
      {
        type: "MultiPartitionsDefinition",
        partitions_defs: {
          date: { type: "DailyPartitionsDefinition", start: "2026-01-01T00:00:00+00:00", end: null, end_offset: 1 },
          region: { type: "StaticPartitionsDefinition", partition_keys: ["eu", "us", "ap"] },
        },
      },
      NOW,
    );
    expect(multi?.kind).toBe("Multi (date × region)");
    expect(multi?.total).toBe(33);
  });

  it("leaves dynamic partitions to the server", () => {
    expect(summarizePartitions({ type: "DynamicPartitionsDefinition", name: "files" })?.total).toBeNull();
    expect(summarizePartitions(null)).toBeNull();
  });
});
