import { describe, expect, it } from "vitest";
import { checkPartition, formatKey, partitionsInfo } from "./partitions";

const daily = {
  type: "DailyPartitionsDefinition",
  start: "2026-01-01T00:00:00+00:00",
  end: null,
  timezone: "UTC",
  fmt: "%Y-%m-%d",
  end_offset: 0,
  cron_schedule: "0 0 * * *",
};

describe("partition keys", () => {
  const now = Date.UTC(2026, 0, 10, 12, 0);

  it("lists the daily windows that have ended", () => {
    const info = partitionsInfo(daily, now);
    expect(info?.keys?.[0]).toBe("2026-01-01");
    expect(info?.keys?.at(-1)).toBe("2026-01-09");
    expect(info?.keys).toHaveLength(9);
    expect(partitionsInfo({ ...daily, end_offset: 1 }, now)?.keys?.at(-1)).toBe("2026-01-10");
  });

  it("lists hourly, weekly and monthly keys", () => {
    const hourly = partitionsInfo({ ...daily, type: "HourlyPartitionsDefinition", fmt: "%Y-%m-%d-%H:%M", cron_schedule: "0 * * * *" }, Date.UTC(2026, 0, 1, 3, 30));
    expect(hourly?.keys).toEqual(["2026-01-01-00:00", "2026-01-01-01:00", "2026-01-01-02:00"]);
    const weekly = partitionsInfo({ ...daily, type: "WeeklyPartitionsDefinition", cron_schedule: "0 0 * * 0" }, now + 14 * 86_400_000);
    expect(weekly?.keys).toEqual(["2026-01-04", "2026-01-11"]);
    const monthly = partitionsInfo({ ...daily, type: "MonthlyPartitionsDefinition", cron_schedule: "0 0 1 * *" }, Date.UTC(2026, 3, 2));
    expect(monthly?.keys).toEqual(["2026-01-01", "2026-02-01", "2026-03-01"]);
  });

  it("lists static keys and says dynamic ones cannot be listed", () => {
    expect(partitionsInfo({ type: "StaticPartitionsDefinition", partition_keys: ["eu", "us"] })?.keys).toEqual(["eu", "us"]);
    expect(partitionsInfo({ type: "DynamicPartitionsDefinition", name: "files" })?.keys).toBeNull();
    expect(partitionsInfo(null)).toBeNull();
  });

  it("checks a key and a range", () => {
    const info = partitionsInfo(daily, now);
    expect(checkPartition(info, "2026-01-03")).toBeNull();
    expect(checkPartition(info, "2025-12-31")).toMatch(/not a partition key/);
    expect(checkPartition(info, "")).toMatch(/Choose a partition key/);
    expect(checkPartition(info, "2026-01-02", "2026-01-05")).toBeNull();
    expect(checkPartition(info, "2026-01-05", "2026-01-02")).toMatch(/ends before it starts/);
  });

  it("formats keys with strftime directives", () => {
    expect(formatKey({ year: 2026, month: 3, day: 7, hour: 5, minute: 0 }, "%Y%m%d %H:%M")).toBe("20260307 05:00");
  });
});
