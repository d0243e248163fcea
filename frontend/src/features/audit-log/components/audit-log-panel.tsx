import { Select, Stack, Table, Text } from "@mantine/core";
import { useState } from "react";

import { CursorPager } from "@/components/cursor-pager";
import { EmptyState } from "@/components/empty-state";
import { ErrorState } from "@/components/error-state";
import { LoadingState } from "@/components/loading-state";
import { PageHeader } from "@/components/page-header";
import { formatDateTime } from "@/lib/format";

import { useAuditEvents, type AuditAction } from "../api/get-audit-events";
import { auditActionLabels, auditActionOptions, isAuditAction } from "./audit-actions";

/** Who did what, when and from where; newest first. Admins only (the API says so too). */
export function AuditLogPanel() {
  const [action, setAction] = useState<AuditAction | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const events = useAuditEvents({ action, cursor });

  let body;
  if (events.isPending) body = <LoadingState label="Loading the audit log" />;
  else if (events.isError) body = <ErrorState error={events.error} onRetry={() => void events.refetch()} />;
  else if (events.data.results.length === 0) body = <EmptyState title="Nothing recorded" description="No events match." />;
  else {
    body = (
      <Stack gap="sm">
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs" aria-label="Audit events">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>Target</Table.Th>
                <Table.Th>IP</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.data.results.map((event) => (
                <Table.Tr key={event.id}>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(event.created_at)}</Table.Td>
                  <Table.Td>{event.actor_label || "—"}</Table.Td>
                  <Table.Td>{auditActionLabels[event.action]}</Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ wordBreak: "break-word" }}>
                      {event.target_label || "—"}
                    </Text>
                  </Table.Td>
                  <Table.Td ff="monospace">{event.ip ?? "—"}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <CursorPager previous={events.data.previous} next={events.data.next} paged={Boolean(cursor)} onPage={setCursor} />
      </Stack>
    );
  }

  return (
    <>
      <PageHeader title="Audit log" description="Every sign-in and every change, with who made it." />
      <Select
        label="Action"
        placeholder="Every action"
        data={auditActionOptions}
        value={action}
        onChange={(value) => {
          setAction(isAuditAction(value) ? value : null);
          setCursor(null);
        }}
        clearable
        searchable
        maw={320}
        mb="md"
      />
      {body}
    </>
  );
}
