import { Anchor, Table, Text } from "@mantine/core";
import { Link } from "react-router";

import type { components } from "@/api/schema";
import { paths } from "@/config/paths";
import { formatBytes, formatDateTime } from "@/lib/format";

import { LogStatusBadge } from "./log-status-badge";
import { VerificationBadge } from "./verification-badge";

type LogSummary = components["schemas"]["LogSummaryOutput"];

/** One page of logs; each row's event type links to the log's detail. */
export function LogsTable({ logs }: { logs: LogSummary[] }) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table highlightOnHover verticalSpacing="xs" aria-label="Webhook logs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Received</Table.Th>
            <Table.Th>Event</Table.Th>
            <Table.Th>Provider</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Verification</Table.Th>
            <Table.Th ta="right">Size</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {logs.map((log) => (
            <Table.Tr key={log.id}>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                  {formatDateTime(log.received_at)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={paths.log.getHref(log.id)} size="sm" ff="monospace">
                  {log.event_type || "(no event type)"}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{log.provider.display_name}</Text>
              </Table.Td>
              <Table.Td>
                <LogStatusBadge status={log.status} />
              </Table.Td>
              <Table.Td>
                <VerificationBadge verification={log.verification} reason={log.verification_reason} />
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm">{formatBytes(log.size_bytes)}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
