import { Badge } from "@mantine/core";

import type { components } from "@/api/schema";

type Destination = components["schemas"]["DestinationOutput"];

export function DestinationState({ destination }: { destination: Destination }) {
  if (!destination.is_active) {
    return (
      <Badge color="yellow" variant="light">
        Paused
      </Badge>
    );
  }
  if (destination.consecutive_failures > 0) {
    return (
      <Badge color="red" variant="light">
        Failing ({destination.consecutive_failures})
      </Badge>
    );
  }
  return (
    <Badge color="green" variant="light">
      Active
    </Badge>
  );
}
