/** A partitions definition (as the snapshot stores it) described for people, with its size. */
import { isRecord } from "./metadata";

export interface PartitionsSummary {
  /** "Daily", "Static", "Multi (date × region)", ... */
  kind: string;
  details: [string, string][];
  /** The number of partitions today, or null when only the server can tell (dynamic). */
  total: number | null;
}

const PERIOD_SECONDS: Record<string, number> = {
  HourlyPartitionsDefinition: 3600,
  DailyPartitionsDefinition: 86400,
  WeeklyPartitionsDefinition: 7 * 86400,
};

function timeWindowTotal(def: Record<string, unknown>, now: number): number | null {
  const start = typeof def.start === "string" ? Date.parse(def.start) : NaN;
  if (Number.isNaN(start)) return null;
  const end = typeof def.end === "string" ? Date.parse(def.end) : now;
  const offset = typeof def.end_offset === "number" ? def.end_offset : 0;
  const type = String(def.type);
  let complete: number;
  if (type === "MonthlyPartitionsDefinition") {
    const a = new Date(start);
    const b = new Date(end);
    complete = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
    if (b.getUTCDate() < a.getUTCDate()) complete -= 1;
  } else {
    const period = PERIOD_SECONDS[type];
    if (!period) return null;
    complete = Math.floor((end - start) / 1000 / period);
  }
  return Math.max(0, complete + (typeof def.end === "string" ? 0 : offset));
}

function kindName(type: string): string {
  return type.replace(/PartitionsDefinition$/, "").replace(/([a-z])([A-Z])/g, "$1 $2") || "Custom";
}

export function summarizePartitions(def: unknown, now: number = Date.now()): PartitionsSummary | null {
  if (!isRecord(def) || typeof def.type !== "string") return null;
  const type = def.type;
  if (type === "StaticPartitionsDefinition") {
    const keys = Array.isArray(def.partition_keys) ? def.partition_keys.map(String) : [];
    const preview = keys.slice(0, 8).join(", ") + (keys.length > 8 ? ", …" : "");
    return { kind: "Static", details: [["Keys", preview || "none"]], total: keys.length };
  }
  if (type === "DynamicPartitionsDefinition") {
    return { kind: "Dynamic", details: [["Name", String(def.name ?? "")]], total: null };
  }
  if (type === "MultiPartitionsDefinition" && isRecord(def.partitions_defs)) {
    const dims = Object.entries(def.partitions_defs).map(([name, sub]) => [name, summarizePartitions(sub, now)] as const);
    const totals = dims.map(([, s]) => s?.total ?? null);
    const total = totals.every((t): t is number => t !== null) ? totals.reduce((a, b) => a * b, 1) : null;
    return {
      kind: `Multi (${dims.map(([name]) => name).join(" × ")})`,
      details: dims.map(([name, s]) => [name, s ? `${s.kind}${s.total !== null ? `, ${s.total.toLocaleString()}` : ""}` : "?"]),
      total,
    };
  }
  if ("start" in def) {
    const details: [string, string][] = [["Start", String(def.start)]];
    details.push(["End", def.end ? String(def.end) : "open (grows with time)"]);
    if (def.timezone) details.push(["Timezone", String(def.timezone)]);
    if (def.fmt) details.push(["Key format", String(def.fmt)]);
    if (def.cron_schedule) details.push(["Cron", String(def.cron_schedule)]);
    if (typeof def.end_offset === "number" && def.end_offset !== 0) details.push(["End offset", String(def.end_offset)]);
    return { kind: kindName(type), details, total: timeWindowTotal(def, now) };
  }
  return { kind: kindName(type), details: [], total: null };
}
