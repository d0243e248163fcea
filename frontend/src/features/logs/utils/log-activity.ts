/** Whether a log may still change: it is being processed, or one of its attempts will retry. */
import type { components } from "@/api/schema";

type Attempt = components["schemas"]["DeliveryAttemptOutput"];
type LogStatus = components["schemas"]["LogStatusEnum"];

const IN_FLIGHT: readonly LogStatus[] = ["received", "held", "processing"];

/** True while the log is in flight (or not loaded yet) or an attempt has a retry scheduled. */
export function isLogBusy(status: LogStatus | undefined, attempts: readonly Attempt[] | undefined): boolean {
  if (status === undefined || IN_FLIGHT.includes(status)) return true;
  return attempts?.some((attempt) => attempt.next_retry_at !== null) ?? false;
}
