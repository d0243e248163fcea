import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { components } from "@/api/schema";
import { renderWithProviders } from "@/testing/test-utils";

import { StatsOverview } from "./stats-overview";

type Stats = components["schemas"]["StatsOutput"];

function someStats(providers: number, overrides: Partial<Stats> = {}): Stats {
  const byProvider = Array.from({ length: providers }, (_, index) => ({
    provider_id: `7d1e0000-0000-4000-8000-${String(index).padStart(12, "0")}`,
    display_name: `Shop ${index + 1}`,
    provider_name: "stripe",
    count: providers - index,
    failed: 1,
  }));
  const total = byProvider.reduce((sum, row) => sum + row.count, 0);
  return {
    start: "2026-11-24T12:00:00Z",
    end: "2026-11-25T12:00:00Z",
    bucket: "hour",
    total,
    failure_rate: providers / total,
    by_status: [
      { status: "delivered", count: total - providers },
      { status: "failed", count: providers },
    ],
    by_provider: byProvider,
    top_event_types: Array.from({ length: 10 }, (_, index) => ({ event_type: `invoice.e${index}`, count: 5 })),
    series: [{ bucket: "2026-11-25T11:00:00Z", received: total, delivered: total - providers, failed: providers }],
    ...overrides,
  };
}

function bodyRows(table: HTMLElement) {
  return within(table)
    .getAllByRole("row")
    .slice(1)
    .map((row) => [
      within(row).getByRole("rowheader").textContent,
      ...within(row)
        .getAllByRole("cell")
        .map((cell) => cell.textContent),
    ]);
}

describe("the dashboard's breakdowns", () => {
  it("charts the ten busiest of 150 providers and adds the rest up as Others", () => {
    renderWithProviders(<StatsOverview stats={someStats(150)} />);

    const rows = bodyRows(screen.getByRole("table", { name: "Webhooks by provider" }));
    expect(rows).toHaveLength(11);
    expect(rows[0]).toEqual(["Shop 1", "149", "1"]);
    // Shops 11-150 received 140 + 139 + ... + 1 = 9,870 webhooks, one failed each.
    expect(rows[10]).toEqual(["Others", (9_870 - 140).toLocaleString(), "140"]);
    expect(within(screen.getByRole("region", { name: "By provider" })).getByText(
      "The 10 busiest; Others adds up the other 140 providers.",
    )).toBeInTheDocument();
  });

  it("adds the event types outside the top ten up from the total", () => {
    renderWithProviders(<StatsOverview stats={someStats(150)} />);

    const rows = bodyRows(screen.getByRole("table", { name: "Webhooks by event type" }));
    expect(rows).toHaveLength(11);
    expect(rows[10]).toEqual(["Others", (11_325 - 50).toLocaleString()]);
    expect(screen.getByText("The 10 most frequent; Others adds up the rest.")).toBeInTheDocument();
  });

  it("shows a few providers as they are, with no Others", () => {
    renderWithProviders(
      <StatsOverview stats={someStats(3, { top_event_types: [{ event_type: "push", count: 6 }] })} />,
    );

    expect(bodyRows(screen.getByRole("table", { name: "Webhooks by provider" })).map((row) => row[0])).toEqual([
      "Shop 1",
      "Shop 2",
      "Shop 3",
    ]);
    expect(bodyRows(screen.getByRole("table", { name: "Webhooks by event type" }))).toEqual([["push", "6"]]);
    expect(screen.queryByText(/Others adds up/)).not.toBeInTheDocument();
  });

  it("says so when the range is empty", () => {
    renderWithProviders(<StatsOverview stats={someStats(0)} />);

    expect(screen.getByRole("heading", { name: "No webhooks in this range" })).toBeInTheDocument();
  });
});
