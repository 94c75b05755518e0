/**
 * Partition keys of a partitions definition as the API describes it (`partitions` of an asset or
 * job), computed in the browser: static keys as listed, time windows from their cron schedule,
 * start, end, offset, timezone and key format. Dynamic and multi-dimensional definitions have no
 * key list here: the picker takes any text and the server checks it.
 */
import { isRecord } from "./configSchema";

export interface PartitionsInfo {
  type: string;
  /** Known keys, oldest first; null when they cannot be listed here. */
  keys: string[] | null;
  /** The key format for the user (`%Y-%m-%d`), for time windows. */
  format?: string;
  /** Keys were cut at `MAX_KEYS` (the newest kept). */
  truncated: boolean;
  description: string;
}

export const MAX_KEYS = 100_000;

interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
}

/** A wall-clock time as if it were UTC, so wall clocks compare and step as numbers. */
function wallMs(t: WallClock): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
}

function fromWallMs(ms: number): WallClock {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
}

/** The wall clock in `timeZone` at the instant `ms`. */
export function wallClockIn(ms: number, timeZone: string): WallClock {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    }).formatToParts(new Date(ms));
  } catch {
    return fromWallMs(ms);
  }
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour") % 24, minute: get("minute") };
}

/** The wall clock written in an ISO string with an offset (`2026-01-01T00:00:00+01:00` → its local fields). */
function isoWallClock(iso: string): WallClock | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(iso);
  if (!match) return null;
  return {
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    hour: Number(match[4] ?? 0),
    minute: Number(match[5] ?? 0),
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** strftime for the directives partition formats use. */
export function formatKey(t: WallClock, fmt: string): string {
  return fmt.replace(/%([YmdHMSyjbBaAp%])/g, (_, code: string) => {
    const date = new Date(wallMs(t));
    switch (code) {
      case "Y":
        return pad(t.year, 4);
      case "y":
        return pad(t.year % 100);
      case "m":
        return pad(t.month);
      case "d":
        return pad(t.day);
      case "H":
        return pad(t.hour);
      case "M":
        return pad(t.minute);
      case "S":
        return "00";
      case "j": {
        const start = Date.UTC(t.year, 0, 1);
        return pad(Math.floor((wallMs(t) - start) / 86_400_000) + 1, 3);
      }
      case "b":
        return date.toLocaleString("en-US", { month: "short", timeZone: "UTC" });
      case "B":
        return date.toLocaleString("en-US", { month: "long", timeZone: "UTC" });
      case "a":
        return date.toLocaleString("en-US", { weekday: "short", timeZone: "UTC" });
      case "A":
        return date.toLocaleString("en-US", { weekday: "long", timeZone: "UTC" });
      case "p":
        return t.hour < 12 ? "AM" : "PM";
      default:
        return "%";
    }
  });
}

interface Cron {
  minute: number | null;
  hour: number | null;
  dayOfMonth: number | null;
  dayOfWeek: number | null;
}

/** The cron schedules time windows use: numbers or `*` in minute, hour, day of month, day of week. */
function parseCron(cron: string): Cron | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const one = (field: string | undefined, max: number): number | null | undefined => {
    if (field === "*") return null;
    if (field !== undefined && /^\d+$/.test(field) && Number(field) <= max) return Number(field);
    return undefined;
  };
  const minute = one(fields[0], 59);
  const hour = one(fields[1], 23);
  const dayOfMonth = one(fields[2], 31);
  const dayOfWeek = one(fields[4], 7);
  if (minute === undefined || hour === undefined || dayOfMonth === undefined || dayOfWeek === undefined || fields[3] !== "*") {
    return null;
  }
  return { minute, hour, dayOfMonth, dayOfWeek: dayOfWeek === 7 ? 0 : dayOfWeek };
}

/** The first tick of `cron` at or after `from` (wall clock, as numbers). */
function nextTick(cron: Cron, from: number): number {
  const minute = cron.minute ?? 0;
  if (cron.hour === null) {
    const t = fromWallMs(from);
    let tick = Date.UTC(t.year, t.month - 1, t.day, t.hour, minute);
    if (tick < from) tick += 3_600_000;
    return tick;
  }
  const t = fromWallMs(from);
  let day = Date.UTC(t.year, t.month - 1, t.day);
  for (let i = 0; i < 400; i++) {
    const date = new Date(day);
    const okWeek = cron.dayOfWeek === null || date.getUTCDay() === cron.dayOfWeek;
    const okMonth = cron.dayOfMonth === null || date.getUTCDate() === cron.dayOfMonth;
    const tick = day + cron.hour * 3_600_000 + minute * 60_000;
    if (okWeek && okMonth && tick >= from) return tick;
    day += 86_400_000;
  }
  return Number.POSITIVE_INFINITY;
}

function stepTick(cron: Cron, tick: number): number {
  if (cron.hour === null) return tick + 3_600_000;
  if (cron.dayOfMonth !== null) {
    const t = fromWallMs(tick);
    return Date.UTC(t.year, t.month, t.day, t.hour, t.minute);
  }
  if (cron.dayOfWeek !== null) return tick + 7 * 86_400_000;
  return tick + 86_400_000;
}

function timeWindowKeys(def: Record<string, unknown>, now: number): PartitionsInfo {
  const type = String(def.type);
  const fmt = typeof def.fmt === "string" ? def.fmt : "%Y-%m-%d";
  const timezone = typeof def.timezone === "string" ? def.timezone : "UTC";
  const cron = typeof def.cron_schedule === "string" ? parseCron(def.cron_schedule) : null;
  const start = typeof def.start === "string" ? isoWallClock(def.start) : null;
  const describe = `${type.replace("PartitionsDefinition", "") || "Time window"} partitions, keys like ${fmt}${timezone !== "UTC" ? ` (${timezone})` : ""}`;
  if (!cron || !start) return { type, keys: null, format: fmt, truncated: false, description: describe };
  const end = typeof def.end === "string" ? isoWallClock(def.end) : null;
  const offset = typeof def.end_offset === "number" ? def.end_offset : 0;
  const nowWall = wallMs(wallClockIn(now, timezone));
  const limit = end ? wallMs(end) : nowWall;
  // A window is a partition once it has ended (its next tick has passed), plus `end_offset` more.
  const windows: number[] = [];
  let tick = nextTick(cron, wallMs(start));
  let next = stepTick(cron, tick);
  while (next <= limit && windows.length < MAX_KEYS * 2) {
    windows.push(tick);
    tick = next;
    next = stepTick(cron, tick);
  }
  for (let i = 0; i < offset; i++) {
    windows.push(tick);
    tick = stepTick(cron, tick);
  }
  if (offset < 0) windows.splice(windows.length + offset, -offset);
  const truncated = windows.length > MAX_KEYS;
  const kept = truncated ? windows.slice(windows.length - MAX_KEYS) : windows;
  return { type, keys: kept.map((ms) => formatKey(fromWallMs(ms), fmt)), format: fmt, truncated, description: describe };
}

/** The keys of a partitions definition from the API, or how to write one when they cannot be listed. */
export function partitionsInfo(def: unknown, now: number = Date.now()): PartitionsInfo | null {
  if (!isRecord(def) || typeof def.type !== "string") return null;
  const type = def.type;
  if (type === "StaticPartitionsDefinition") {
    const keys = Array.isArray(def.partition_keys) ? def.partition_keys.map(String) : [];
    return { type, keys, truncated: false, description: `${keys.length} static partitions` };
  }
  if (type.endsWith("PartitionsDefinition") && "cron_schedule" in def) return timeWindowKeys(def, now);
  if (type === "DynamicPartitionsDefinition") {
    const name = typeof def.name === "string" ? def.name : "";
    return { type, keys: null, truncated: false, description: `Dynamic partitions${name ? ` '${name}'` : ""}: any key added to it` };
  }
  if (type === "MultiPartitionsDefinition" && isRecord(def.partitions_defs)) {
    const dims = Object.keys(def.partitions_defs);
    return { type, keys: null, truncated: false, description: `Multi-dimensional partitions: ${dims.join("|")} keys, joined with "|"` };
  }
  return { type, keys: null, truncated: false, description: type };
}

/** Why a key or range does not fit the definition's keys, or null when it does (or cannot be told). */
export function checkPartition(info: PartitionsInfo | null, key: string, rangeEnd?: string): string | null {
  if (!key.trim()) return rangeEnd === undefined ? "Choose a partition key." : "Choose the first partition of the range.";
  if (rangeEnd !== undefined && !rangeEnd.trim()) return "Choose the last partition of the range.";
  if (!info?.keys) return null;
  const index = info.keys.indexOf(key);
  if (index === -1) return `'${key}' is not a partition key${info.format ? ` (keys look like ${info.format})` : ""}.`;
  if (rangeEnd === undefined) return null;
  const endIndex = info.keys.indexOf(rangeEnd);
  if (endIndex === -1) return `'${rangeEnd}' is not a partition key${info.format ? ` (keys look like ${info.format})` : ""}.`;
  if (endIndex < index) return `The range ends before it starts: '${rangeEnd}' comes before '${key}'.`;
  return null;
}
