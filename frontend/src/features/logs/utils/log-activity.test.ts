import { describe, expect, it } from "vitest";

import { anAttempt } from "@/testing/data";

import { isLogBusy } from "./log-activity";

describe("isLogBusy", () => {
  it("is busy while the log is in flight or not loaded", () => {
    expect(isLogBusy("processing", [])).toBe(true);
    expect(isLogBusy("held", undefined)).toBe(true);
    expect(isLogBusy("received", [])).toBe(true);
    expect(isLogBusy(undefined, [])).toBe(true);
  });

  it("is busy while an attempt has a retry scheduled", () => {
    expect(isLogBusy("failed", [anAttempt(), anAttempt({ next_retry_at: "2026-11-25T12:05:00Z" })])).toBe(true);
  });

  it("rests once the log is settled and nothing is due", () => {
    expect(isLogBusy("failed", [anAttempt({ outcome: "timeout" })])).toBe(false);
    expect(isLogBusy("delivered", undefined)).toBe(false);
  });
});
