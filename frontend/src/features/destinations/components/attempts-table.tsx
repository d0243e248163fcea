import { Anchor, Badge, Table, Text, type MantineColor } from "@mantine/core";
import { Link } from "react-router";

import type { components } from "@/api/schema";
import { paths } from "@/config/paths";
import { formatDateTime } from "@/lib/format";

type Attempt = components["schemas"]["DeliveryAttemptOutput"];
type Outcome = Attempt["outcome"];

// A Record, so an outcome the API adds is a compile error here until it has a label.
const outcomes: Record<Outcome, { label: string; color: MantineColor }> = {
  succeeded: { label: "Succeeded", color: "green" },
  http_error: { label: "HTTP error", color: "red" },
  redirect: { label: "Redirect", color: "orange" },
  rate_limited: { label: "Rate limited", color: "yellow" },
  gone: { label: "Gone (paused)", color: "red" },
  timeout: { label: "Timed out", color: "red" },
  connection_error: { label: "Connection error", color: "red" },
  refused: { label: "Refused address", color: "red" },
  interrupted: { label: "Interrupted", color: "gray" },
};

/** Attempts newest first: when, which try, what came back; a replay shows its cycle. */
export function AttemptsTable({ attempts }: { attempts: Attempt[] }) {
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="xs" aria-label="Delivery attempts">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Webhook</Table.Th>
            <Table.Th>Try</Table.Th>
            <Table.Th>Outcome</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th ta="right">Duration</Table.Th>
            <Table.Th>Response or error</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {attempts.map((attempt) => (
            <Table.Tr key={attempt.id}>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(attempt.created_at)}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={paths.log.getHref(attempt.log_id)} size="sm">
                  Open
                </Anchor>
              </Table.Td>
              <Table.Td>
                {attempt.attempt_number}
                {attempt.cycle > 1 && (
                  <Badge size="xs" variant="outline" ml={6}>
                    replay {attempt.cycle - 1}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                <Badge color={outcomes[attempt.outcome].color} variant="light">
                  {outcomes[attempt.outcome].label}
                </Badge>
              </Table.Td>
              <Table.Td ff="monospace">{attempt.status_code ?? "—"}</Table.Td>
              <Table.Td ta="right">{attempt.duration_ms} ms</Table.Td>
              <Table.Td>
                <Text size="xs" ff="monospace" lineClamp={2} style={{ wordBreak: "break-all" }}>
                  {attempt.error || attempt.response_excerpt || "—"}
                </Text>
                {attempt.next_retry_at && (
                  <Text size="xs" c="dimmed">
                    Next try {formatDateTime(attempt.next_retry_at)}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
