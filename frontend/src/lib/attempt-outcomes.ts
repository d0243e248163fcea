/** What each delivery attempt's outcome is called and coloured, wherever attempts show. */
import type { MantineColor } from "@mantine/core";

import type { components } from "@/api/schema";

export type AttemptOutcome = components["schemas"]["OutcomeEnum"];

// A Record, so an outcome the API adds is a compile error here until it has a label.
export const attemptOutcomes: Record<AttemptOutcome, { label: string; color: MantineColor }> = {
  succeeded: { label: "Succeeded", color: "green" },
  http_error: { label: "HTTP error", color: "red" },
  redirect: { label: "Redirect (not followed)", color: "orange" },
  rate_limited: { label: "Rate limited", color: "yellow" },
  gone: { label: "Gone: destination paused", color: "red" },
  timeout: { label: "Timed out", color: "red" },
  connection_error: { label: "Connection error", color: "red" },
  refused: { label: "Refused address", color: "red" },
  interrupted: { label: "Interrupted", color: "gray" },
  filter_error: { label: "Filter failed", color: "grape" },
  transform_error: { label: "Transformation failed", color: "grape" },
};
