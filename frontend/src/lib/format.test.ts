import { describe, expect, it } from "vitest";
import { describeError, flattenErrors } from "@/api/client";
import { safeNext } from "@/routes/login/LoginPage";
import { assetPath, formatDuration } from "./format";

describe("format", () => {
  it("formats durations at every scale", () => {
    expect(formatDuration(0.25)).toBe("250 ms");
    expect(formatDuration(3.14)).toBe("3.1 s");
    expect(formatDuration(125)).toBe("2 m 05 s");
    expect(formatDuration(7300)).toBe("2 h 01 m");
    expect(formatDuration(null)).toBe("—");
  });

  it("encodes each part of an asset key", () => {
    expect(assetPath("raw/users")).toBe("/assets/raw/users");
    expect(assetPath("a b/c?d")).toBe("/assets/a%20b/c%3Fd");
  });
});

describe("API errors", () => {
  it("flattens DRF's nested field errors to dotted paths", () => {
    expect(flattenErrors({ run_config: { ops: { x: ["bad"] } }, tags: ["t1", "t2"] })).toEqual({
      "run_config.ops.x": ["bad"],
      tags: ["t1", "t2"],
    });
  });
});

describe("describeError", () => {
  it("names the field of a field error and gives other errors as their message", () => {
    expect(describeError(400, { partition_key: ["Unknown partition."] })).toBe("partition_key: Unknown partition.");
    expect(describeError(400, { non_field_errors: ["Invalid username or password"] })).toBe("Invalid username or password");
    expect(describeError(400, ["Bad request body."])).toBe("Bad request body.");
    expect(describeError(404, {})).toBe("Not found.");
  });
});

describe("login", () => {
  it("only returns to same-site paths", () => {
    expect(safeNext("/runs/3")).toBe("/runs/3");
    expect(safeNext("//evil.example")).toBe("/assets");
    expect(safeNext("https://evil.example")).toBe("/assets");
    expect(safeNext(null)).toBe("/assets");
  });
});
