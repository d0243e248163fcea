import { Badge } from "@mantine/core";

import { attemptOutcomes, type AttemptOutcome } from "@/lib/attempt-outcomes";

type AttemptOutcomeBadgeProps = {
  outcome: AttemptOutcome;
  /** The HTTP status the destination answered, shown after the outcome when given. */
  statusCode?: number | null;
};

/** A delivery attempt's outcome, named and coloured the same on every page. */
export function AttemptOutcomeBadge({ outcome, statusCode }: AttemptOutcomeBadgeProps) {
  const { label, color } = attemptOutcomes[outcome];
  return (
    <Badge color={color} variant="light">
      {label}
      {statusCode !== undefined && statusCode !== null && ` · ${statusCode}`}
    </Badge>
  );
}
