import { describe, expect, it } from "vitest";
import { EMPTY_FILTER, parseRunsFilter, runsFilterToParams } from "./filters";
import { runsListParams } from "./runs";

describe("runs filters in the URL", () => {
  it("reads statuses comma-separated or repeated, tags repeated, and the page", () => {
    const filter = parseRunsFilter(
      new URLSearchParams("status=failure,STARTED&status=SUCCESS&status=BOGUS&job=analytics_job&tag=team=data&tag=novalue&page=3"),
    );
    expect(filter).toEqual({
      ...EMPTY_FILTER,
      statuses: ["FAILURE", "STARTED", "SUCCESS"],
      job: "analytics_job",
      tags: ["team=data"],
      page: 3,
    });
  });

  it("writes only what is set, and reads back what it wrote", () => {
    const filter = {
      ...EMPTY_FILTER,
      statuses: ["FAILURE" as const],
      asset: "raw/users",
      tags: ["a=b=c", "team=data"],
      createdAfter: "2026-01-02T10:00",
    };
    const params = runsFilterToParams(filter);
    expect(params.toString()).toBe("status=FAILURE&asset=raw%2Fusers&tag=a%3Db%3Dc&tag=team%3Ddata&after=2026-01-02T10%3A00");
    expect(parseRunsFilter(params)).toEqual(filter);
    expect(runsFilterToParams(EMPTY_FILTER).toString()).toBe("");
  });

  it("turns a filter into the list endpoint's query", () => {
    const query = runsListParams({ ...EMPTY_FILTER, statuses: ["FAILURE", "CANCELED"], tags: ["team=data"], page: 2 }, 30);
    expect(query).toMatchObject({ status: ["FAILURE", "CANCELED"], tag: ["team=data"], limit: 30, offset: 30, job: undefined });
    const dated = runsListParams({ ...EMPTY_FILTER, createdAfter: "2026-01-02T10:00:00Z" });
    expect(dated.created_after).toBe("2026-01-02T10:00:00.000Z");
  });
});
