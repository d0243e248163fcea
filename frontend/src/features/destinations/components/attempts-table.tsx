import { Anchor, Badge, Table, Text } from "@mantine/core";
import { Link } from "react-router";

import type { components } from "@/api/schema";
import { AttemptOutcomeBadge } from "@/components/attempt-outcome-badge";
import { paths } from "@/config/paths";
import { formatDateTime } from "@/lib/format";

type Attempt = components["schemas"]["DeliveryAttemptOutput"];

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
                <AttemptOutcomeBadge outcome={attempt.outcome} />
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
