import { Badge, Code, Group, Text, Timeline } from "@mantine/core";
import { IconCheck, IconClock, IconX } from "@tabler/icons-react";

import type { components } from "@/api/schema";
import { AttemptOutcomeBadge } from "@/components/attempt-outcome-badge";
import { attemptOutcomes } from "@/lib/attempt-outcomes";
import { formatDateTime } from "@/lib/format";

type Attempt = components["schemas"]["DeliveryAttemptOutput"];

/** Every delivery attempt of one webhook, oldest first: where, which try, what came back. */
export function AttemptTimeline({ attempts }: { attempts: Attempt[] }) {
  return (
    <Timeline bulletSize={22} lineWidth={2} active={attempts.length - 1} aria-label="Attempt timeline">
      {attempts.map((attempt) => {
        const succeeded = attempt.outcome === "succeeded";
        return (
          <Timeline.Item
            key={attempt.id}
            color={attemptOutcomes[attempt.outcome].color}
            bullet={succeeded ? <IconCheck size={12} /> : attempt.next_retry_at ? <IconClock size={12} /> : <IconX size={12} />}
            title={
              <Group gap={6}>
                <Text fw={600} size="sm">
                  {attempt.destination_name ?? "A deleted destination"}
                </Text>
                <AttemptOutcomeBadge outcome={attempt.outcome} statusCode={attempt.status_code} />
                {attempt.cycle > 1 && (
                  <Badge variant="outline" size="sm">
                    replay {attempt.cycle - 1}
                  </Badge>
                )}
              </Group>
            }
          >
            <Text size="xs" c="dimmed">
              Try {attempt.attempt_number} · {formatDateTime(attempt.created_at)} · {attempt.duration_ms} ms
            </Text>
            {(attempt.error || attempt.response_excerpt) && (
              <Code block mt={4} style={{ whiteSpace: "pre-wrap", wordBreak: "break-all", maxHeight: 120, overflow: "auto" }}>
                {attempt.error || attempt.response_excerpt}
              </Code>
            )}
            {attempt.next_retry_at && (
              <Text size="xs" mt={4}>
                Next try {formatDateTime(attempt.next_retry_at)}
              </Text>
            )}
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
