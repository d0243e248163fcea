/** The log list's filters as they live in the URL (shareable), and back. */
import type { components } from "@/api/schema";
import { verificationLabels, verificationReasonLabels, type Verification, type VerificationReason } from "@/lib/verification";

import type { LogFilters } from "../api/get-logs";

export type LogStatus = components["schemas"]["LogSummaryOutput"]["status"];

// A Record, so a status the API adds is a compile error here until it has a label.
export const logStatusLabels: Record<LogStatus, string> = {
  received: "Received",
  held: "Held",
  processing: "Processing",
  processed: "Processed",
  delivered: "Delivered",
  failed: "Failed",
  duplicate: "Duplicate",
  rejected: "Rejected",
  handshake: "Handshake",
  awaiting_secret: "Awaiting secret",
};

export function isLogStatus(value: string): value is LogStatus {
  return Object.hasOwn(logStatusLabels, value);
}

export function isVerification(value: string): value is Verification {
  return Object.hasOwn(verificationLabels, value);
}

export function isVerificationReason(value: string): value is VerificationReason {
  return Object.hasOwn(verificationReasonLabels, value);
}

const TEXT_FILTERS = ["q", "event_type", "received_after", "received_before"] as const;

function splitList(value: string | null): string[] {
  return (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Reads filters from `?status=failed,delivered&provider=<id>&q=...`; unknown values are dropped. */
export function filtersFromSearchParams(params: URLSearchParams): LogFilters {
  const filters: LogFilters = {};
  const status = splitList(params.get("status")).filter(isLogStatus);
  if (status.length > 0) filters.status = status;
  const verification = splitList(params.get("verification")).filter(isVerification);
  if (verification.length > 0) filters.verification = verification;
  const reason = splitList(params.get("reason")).filter(isVerificationReason);
  if (reason.length > 0) filters.verification_reason = reason;
  const provider = splitList(params.get("provider"));
  if (provider.length > 0) filters.provider = provider;
  for (const name of TEXT_FILTERS) {
    const value = params.get(name)?.trim();
    if (value) filters[name] = value;
  }
  const failedAttempts = params.get("has_failed_attempts");
  if (failedAttempts === "true" || failedAttempts === "false") filters.has_failed_attempts = failedAttempts === "true";
  return filters;
}

/** The inverse of filtersFromSearchParams; empty filters leave no trace in the URL. */
export function filtersToSearchParams(filters: LogFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status?.length) params.set("status", filters.status.join(","));
  if (filters.verification?.length) params.set("verification", filters.verification.join(","));
  if (filters.verification_reason?.length) params.set("reason", filters.verification_reason.join(","));
  if (filters.provider?.length) params.set("provider", filters.provider.join(","));
  for (const name of TEXT_FILTERS) {
    const value = filters[name]?.trim();
    if (value) params.set(name, value);
  }
  if (typeof filters.has_failed_attempts === "boolean") {
    params.set("has_failed_attempts", String(filters.has_failed_attempts));
  }
  return params;
}

export function hasFilters(filters: LogFilters): boolean {
  return filtersToSearchParams(filters).size > 0;
}

/** "2026-01-02T03:04:05Z" → "2026-01-02T04:04" in the viewer's time zone, for datetime-local inputs. */
export function isoToLocalInput(iso: string | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The inverse: a datetime-local value (viewer's time zone) → an ISO instant, or undefined. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
