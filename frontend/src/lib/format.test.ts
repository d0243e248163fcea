import { describe, expect, it } from "vitest";

import { formatBytes, formatCount, formatDateTime, formatPercent } from "./format";

describe("format", () => {
  it("shows a dash for a missing or invalid date", () => {
    expect(formatDateTime(null)).toBe("—");
    expect(formatDateTime("not a date")).toBe("—");
    expect(formatDateTime("2026-01-02T03:04:05Z")).toMatch(/2026/);
  });

  it("uses binary units for sizes", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(2048)).toBe("2.0 KB");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5.0 MB");
    expect(formatBytes(10 * 1024 ** 3)).toBe("10.0 GB");
  });

  it("shows ratios as percentages", () => {
    expect(formatPercent(0.0523)).toBe("5.2%");
    expect(formatPercent(0)).toBe("0.0%");
  });

  it("counts in words, singular for one", () => {
    expect(formatCount(1, "provider", "providers")).toBe("1 provider");
    expect(formatCount(0, "provider", "providers")).toBe("0 providers");
    expect(formatCount(1000, "provider", "providers")).toMatch(/^1.000 providers$/);
  });
});
