/** The few biggest rows of a breakdown, and one "Others" row for the rest, for a bar chart. */
import type { components } from "@/api/schema";

type Stats = components["schemas"]["StatsOutput"];

export const TOP = 10;
export const OTHERS = "Others";

export type ProviderBar = { label: string; ok: number; failed: number };
export type EventTypeBar = { label: string; count: number };

/** The TOP busiest providers (the API sends every one, busiest first) and the rest as one. */
export function providerBars(byProvider: Stats["by_provider"]): { bars: ProviderBar[]; others: number } {
  const sorted = [...byProvider].sort((a, b) => b.count - a.count);
  const bars = sorted.slice(0, TOP).map((row) => ({ label: row.display_name, ok: row.count - row.failed, failed: row.failed }));
  const rest = sorted.slice(TOP);
  if (rest.length > 0) {
    const failed = rest.reduce((sum, row) => sum + row.failed, 0);
    const count = rest.reduce((sum, row) => sum + row.count, 0);
    bars.push({ label: OTHERS, ok: count - failed, failed });
  }
  return { bars, others: rest.length };
}

/** The API's top event types (already cut at TOP) and, from the total, what the rest add up to. */
export function eventTypeBars(topEventTypes: Stats["top_event_types"], total: number): EventTypeBar[] {
  const top = topEventTypes.slice(0, TOP);
  const bars = top.map((row) => ({ label: row.event_type || "(none)", count: row.count }));
  const rest = total - top.reduce((sum, row) => sum + row.count, 0);
  if (rest > 0) bars.push({ label: OTHERS, count: rest });
  return bars;
}
