import { describe, expect, it } from "vitest";

import {
  filtersFromSearchParams,
  filtersToSearchParams,
  isoToLocalInput,
  localInputToIso,
} from "./log-filters";

describe("log filters in the URL", () => {
  it("reads lists, text and dates", () => {
    const params = new URLSearchParams(
      "status=failed,delivered&provider=p1&q=invoice%20paid&event_type=invoice.*&received_after=2026-01-01T00:00:00.000Z",
    );

    expect(filtersFromSearchParams(params)).toEqual({
      status: ["failed", "delivered"],
      provider: ["p1"],
      q: "invoice paid",
      event_type: "invoice.*",
      received_after: "2026-01-01T00:00:00.000Z",
    });
  });

  it("drops statuses the API does not know and empty values", () => {
    expect(filtersFromSearchParams(new URLSearchParams("status=failed,bogus,&q=%20"))).toEqual({ status: ["failed"] });
  });

  it("reads whether to keep only logs with failed attempts", () => {
    expect(filtersFromSearchParams(new URLSearchParams("has_failed_attempts=true"))).toEqual({ has_failed_attempts: true });
    expect(filtersFromSearchParams(new URLSearchParams("has_failed_attempts=false"))).toEqual({ has_failed_attempts: false });
    expect(filtersFromSearchParams(new URLSearchParams("has_failed_attempts=maybe"))).toEqual({});
  });

  it("round-trips through the URL", () => {
    const filters = { status: ["failed" as const], provider: ["a", "b"], q: "x y", has_failed_attempts: false };

    expect(filtersFromSearchParams(filtersToSearchParams(filters))).toEqual(filters);
  });

  it("leaves nothing in the URL for no filters", () => {
    expect(filtersToSearchParams({ status: [], q: "" }).toString()).toBe("");
  });
});

describe("date inputs", () => {
  it("converts between an ISO instant and the local input format", () => {
    const local = isoToLocalInput("2026-03-04T05:06:00.000Z");

    expect(local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(localInputToIso(local)).toBe("2026-03-04T05:06:00.000Z");
  });

  it("treats empty and invalid values as no date", () => {
    expect(isoToLocalInput(undefined)).toBe("");
    expect(isoToLocalInput("nonsense")).toBe("");
    expect(localInputToIso("")).toBeUndefined();
  });
});
