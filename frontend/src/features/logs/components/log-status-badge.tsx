import { Badge, type MantineColor } from "@mantine/core";

import { logStatusLabels, type LogStatus } from "../utils/log-filters";

const colors: Record<LogStatus, MantineColor> = {
  received: "gray",
  held: "yellow",
  processing: "blue",
  processed: "cyan",
  delivered: "green",
  failed: "red",
  duplicate: "gray",
  rejected: "orange",
  handshake: "grape",
  awaiting_secret: "yellow",
};

export function LogStatusBadge({ status }: { status: LogStatus }) {
  return (
    <Badge color={colors[status]} variant="light">
      {logStatusLabels[status]}
    </Badge>
  );
}
