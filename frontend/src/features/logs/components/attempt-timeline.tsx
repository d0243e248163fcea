import { Badge, Code, Group, Text, Timeline, type MantineColor } from "@mantine/core";
import { IconCheck, IconClock, IconX } from "@tabler/icons-react";

import type { components } from "@/api/schema";
import { formatDateTime } from "@/lib/format";

type Attempt = components["schemas"]["LogAttemptOutput"];

// The API sends the outcome as free text; the known ones read better, the rest as they are.
const outcomes: Record<string, { label: string; color: MantineColor }> = {
  succeeded: { label: "Succeeded", color: "green" },
  http_error: { label: "HTTP error", color: "red" },
  redirect: { label: "Redirect (not followed)", color: "orange" },
  rate_limited: { label: "Rate limited", color: "yellow" },
  gone: { label: "Gone: destination paused", color: "red" },
  timeout: { label: "Timed out", color: "red" },
  connection_error: { label: "Connection error", color: "red" },
  refused: { label: "Refused address", color: "red" },
  interrupted: { label: "Interrupted", color: "gray" },
};

function describe(outcome: string) {
  return outcomes[outcome] ?? { label: outcome, color: "gray" };
}

/** Every delivery attempt of one webhook, oldest first: where, which try, what came back. */
export function AttemptTimeline({ attempts }: { attempts: Attempt[] }) {
  return (
    <Timeline bulletSize={22} lineWidth={2} active={attempts.length - 1} aria-label="Attempt timeline">
      {attempts.map((attempt) => {
        const { label, color } = describe(attempt.outcome);
        const succeeded = attempt.outcome === "succeeded";
        return (
          <Timeline.Item
            key={attempt.id}
            color={color}
            bullet={succeeded ? <IconCheck size={12} /> : attempt.next_retry_at ? <IconClock size={12} /> : <IconX size={12} />}
            title={
              <Group gap={6}>
                <Text fw={600} size="sm">
                  {attempt.destination_name ?? "A deleted destination"}
                </Text>
                <Badge color={color} variant="light">
                  {label}
                  {attempt.status_code !== null && ` · ${attempt.status_code}`}
                </Badge>
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
