import { describe, expect, it } from "vitest";
import { ApiError } from "@/api/client";
import { launchErrors, splitPathMessages } from "./launchErrors";

describe("a launch's 400 errors", () => {
  it("reads run-config errors nested by path", () => {
    const error = new ApiError(400, {
      run_config: { ops: { scaled_numbers: { config: { factor: ["'factor' is a required property"] } } } },
      partition_key: ["Pass a partition key"],
    });
    expect(launchErrors(error)).toEqual({
      config: [
        {
          path: ["ops", "scaled_numbers", "config", "factor"],
          dotted: "run_config.ops.scaled_numbers.config.factor",
          message: "'factor' is a required property",
        },
      ],
      fields: { partition_key: ["Pass a partition key"] },
    });
  });

  it("reads a list of `path: message` strings, moving a missing or unexpected field onto itself", () => {
    const error = new ApiError(400, {
      run_config: [
        "run_config.ops.scaled_numbers.config: Additional properties are not allowed ('bogus' was unexpected); run_config.ops.scaled_numbers.config.factor: 'x' is not of type 'integer'",
        "run_config.ops.other.config: 'limit' is a required property",
      ],
    });
    expect(launchErrors(error).config.map((e) => [e.dotted, e.message])).toEqual([
      ["run_config.ops.scaled_numbers.config.bogus", "Additional properties are not allowed ('bogus' was unexpected)"],
      ["run_config.ops.scaled_numbers.config.factor", "'x' is not of type 'integer'"],
      ["run_config.ops.other.config.limit", "'limit' is a required property"],
    ]);
  });

  it("keeps a run-config message that names no path on the whole config", () => {
    const error = new ApiError(400, { run_config: ["Unknown run_config section(s): opz"] });
    expect(launchErrors(error).config).toEqual([{ path: [], dotted: "run_config", message: "Unknown run_config section(s): opz" }]);
  });

  it("puts request-wide errors under the empty field, and ignores what is not a 400", () => {
    expect(launchErrors(new ApiError(400, { detail: "Bad request" })).fields).toEqual({ "": ["Bad request"] });
    expect(launchErrors(new ApiError(403, { detail: "no" }))).toEqual({ config: [], fields: {} });
    expect(splitPathMessages("no path here")).toBeNull();
  });
});
