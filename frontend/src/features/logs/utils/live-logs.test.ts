import { describe, expect, it } from "vitest";

import {
  attemptLogId,
  bannerLabel,
  bannerReducer,
  emptyBanner,
  matchesFilters,
  parseLiveLog,
  type LiveLog,
} from "./live-logs";

const event = {
  id: "log-1",
  provider: { id: "prov-1", name: "Stripe", provider_name: "stripe" },
  event_type: "invoice.paid",
  status: "received",
  received_at: "2026-12-03T12:00:00+00:00",
  size_bytes: 12,
  verification: "verified",
};

function live(overrides: Partial<LiveLog> = {}): LiveLog {
  const parsed = parseLiveLog(event);
  if (!parsed) throw new Error("the sample event does not parse");
  return { ...parsed, ...overrides };
}

describe("parseLiveLog", () => {
  it("reads a log event of the stream", () => {
    expect(parseLiveLog(event)).toEqual({
      id: "log-1",
      provider_id: "prov-1",
      event_type: "invoice.paid",
      status: "received",
      received_at: "2026-12-03T12:00:00+00:00",
      verification: "verified",
    });
  });

  it("refuses what is not one", () => {
    expect(parseLiveLog(null)).toBeNull();
    expect(parseLiveLog({ ...event, status: "lost" })).toBeNull();
    expect(parseLiveLog({ ...event, provider: "prov-1" })).toBeNull();
    expect(attemptLogId({ log_id: "log-1" })).toBe("log-1");
    expect(attemptLogId({})).toBeNull();
  });
});

describe("matchesFilters", () => {
  it("applies the list's filters that an event can answer", () => {
    const log = live();
    expect(matchesFilters(log, {})).toBe(true);
    expect(matchesFilters(log, { provider: ["prov-2"] })).toBe(false);
    expect(matchesFilters(log, { provider: ["prov-2", "prov-1"] })).toBe(true);
    expect(matchesFilters(log, { status: ["failed"] })).toBe(false);
    expect(matchesFilters(log, { verification: ["failed"] })).toBe(false);
    expect(matchesFilters(log, { event_type: "invoice.*" })).toBe(true);
    expect(matchesFilters(log, { event_type: "*.paid" })).toBe(true);
    expect(matchesFilters(log, { event_type: "invoice" })).toBe(false);
    // Regex characters in a pattern are literal.
    expect(matchesFilters(live({ event_type: "invoiceXpaid" }), { event_type: "invoice.paid" })).toBe(false);
    expect(matchesFilters(log, { received_before: "2026-12-03T11:00:00Z" })).toBe(false);
    expect(matchesFilters(log, { received_after: "2026-12-03T11:00:00Z" })).toBe(true);
    // Search cannot be told from the event: counted, and the click refetches with it.
    expect(matchesFilters(log, { q: "anything" })).toBe(true);
  });
});

describe("bannerReducer", () => {
  const none = new Set<string>();

  it("counts new logs without showing them, newest first, each once", () => {
    let state = bannerReducer(emptyBanner, { type: "log", log: live({ id: "a" }), filters: {}, shown: none });
    state = bannerReducer(state, { type: "log", log: live({ id: "b" }), filters: {}, shown: none });
    state = bannerReducer(state, { type: "log", log: live({ id: "a" }), filters: {}, shown: none });
    expect(state.pending).toEqual(["b", "a"]);
    expect(bannerLabel(state)).toBe("2 new logs");
  });

  it("ignores logs the list already shows or its filters exclude", () => {
    const shown = new Set(["a"]);
    let state = bannerReducer(emptyBanner, { type: "log", log: live({ id: "a" }), filters: {}, shown });
    state = bannerReducer(state, {
      type: "log",
      log: live({ id: "c", status: "rejected" }),
      filters: { status: ["delivered"] },
      shown,
    });
    expect(state).toBe(emptyBanner);
    expect(bannerLabel(state)).toBeNull();
  });

  it("says one log in the singular and clears when the reader asks to see them", () => {
    const state = bannerReducer(emptyBanner, { type: "log", log: live(), filters: {}, shown: none });
    expect(bannerLabel(state)).toBe("1 new log");
    expect(bannerReducer(state, { type: "show" })).toEqual(emptyBanner);
  });

  it("offers a refresh after the stream lost its place", () => {
    const state = bannerReducer(emptyBanner, { type: "reset" });
    expect(bannerLabel(state)).toBe("Show newer logs");
    expect(bannerReducer(state, { type: "show" })).toEqual(emptyBanner);
  });
});
