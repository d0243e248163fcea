/**
 * The log list's live mode: which streamed logs belong in the list, and the "N new" banner
 * that counts them without moving the rows the reader is looking at.
 */
import type { components } from "@/api/schema";
import { isLogStatus, isVerification } from "./log-filters";

import type { LogFilters } from "../api/get-logs";

type LogSummary = components["schemas"]["LogSummaryOutput"];

/** What a streamed `log` event says, in the list's own types. */
export type LiveLog = Pick<LogSummary, "id" | "status" | "event_type" | "received_at" | "verification"> & {
  provider_id: string;
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** A `log` event's data as a LiveLog, or null when it is not one. */
export function parseLiveLog(data: unknown): LiveLog | null {
  if (!isRecord(data) || !isRecord(data.provider)) return null;
  const { id, status, event_type, received_at, verification } = data;
  const providerId = data.provider.id;
  if (typeof id !== "string" || typeof providerId !== "string") return null;
  if (typeof status !== "string" || !isLogStatus(status)) return null;
  if (typeof verification !== "string" || !isVerification(verification)) return null;
  if (typeof event_type !== "string" || typeof received_at !== "string") return null;
  return { id, status, event_type, received_at, verification, provider_id: providerId };
}

/** The id of the log an `attempt` event is about, or null. */
export function attemptLogId(data: unknown): string | null {
  return isRecord(data) && typeof data.log_id === "string" ? data.log_id : null;
}

function wildcard(pattern: string, value: string): boolean {
  // `*` matches any run of characters, as the API's event_type filter does; nothing else is special.
  const escaped = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`, "s").test(value);
}

/** The stream's own filters for the list's: provider, event type and status are applied by the server. */
export function streamParams(filters: LogFilters): Record<string, string | string[] | undefined> {
  return { types: "log,attempt", provider: filters.provider, event_type: filters.event_type, status: filters.status };
}

/**
 * Whether a streamed log would be on the list's first page under these filters. Full-text
 * search and the failed-attempts flag cannot be told from the event, so they count as a match
 * (clicking the banner refetches with every filter).
 */
export function matchesFilters(log: LiveLog, filters: LogFilters): boolean {
  if (filters.provider?.length && !filters.provider.includes(log.provider_id)) return false;
  if (filters.status?.length && !filters.status.includes(log.status)) return false;
  if (filters.verification?.length && !filters.verification.includes(log.verification)) return false;
  if (filters.event_type && !wildcard(filters.event_type, log.event_type)) return false;
  const at = Date.parse(log.received_at);
  if (filters.received_after && at < Date.parse(filters.received_after)) return false;
  if (filters.received_before && at >= Date.parse(filters.received_before)) return false;
  return true;
}

export type BannerState = {
  /** New logs, newest first, not yet shown in the list. */
  pending: string[];
  /** The stream lost its place (a `reset`): the list may miss logs it cannot count. */
  stale: boolean;
};

export const emptyBanner: BannerState = { pending: [], stale: false };

export type BannerAction =
  | { type: "log"; log: LiveLog; filters: LogFilters; shown: ReadonlySet<string> }
  | { type: "reset" }
  | { type: "show" };

/** The banner's state machine: logs arrive (counted, never inserted), the reader clicks (shown). */
export function bannerReducer(state: BannerState, action: BannerAction): BannerState {
  switch (action.type) {
    case "log": {
      const { log, filters, shown } = action;
      if (!matchesFilters(log, filters) || shown.has(log.id) || state.pending.includes(log.id)) return state;
      return { ...state, pending: [log.id, ...state.pending] };
    }
    case "reset":
      return { ...state, stale: true };
    case "show":
      return emptyBanner;
  }
}

/** The banner's words, or null when there is nothing to show. */
export function bannerLabel(state: BannerState): string | null {
  const count = state.pending.length;
  if (count === 0) return state.stale ? "Show newer logs" : null;
  return `${count} new ${count === 1 ? "log" : "logs"}`;
}
