import { Anchor, Badge, Button, Group, Select, Stack, Table, Text } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";

import { EmptyState } from "@/components/empty-state";
import { showErrorNotification } from "@/components/error-notification";
import { ErrorState } from "@/components/error-state";
import { LoadMore } from "@/components/load-more";
import { LoadingState } from "@/components/loading-state";
import { PageHeader } from "@/components/page-header";
import { paths } from "@/config/paths";
import { useIsAdmin } from "@/lib/auth";
import { formatCount, formatDateTime } from "@/lib/format";

import { useChangeIssue } from "../api/change-issue";
import { useIssues, type Issue, type IssueFilters } from "../api/get-issues";
import { ISSUE_KINDS, ISSUE_STATES, kindLabel } from "@/lib/issue-kinds";

const UNRESOLVED = "open,acknowledged";
const STATE_COLORS: Record<string, string> = { open: "red", acknowledged: "yellow", resolved: "green" };

function IssueActions({ issue }: { issue: Issue }) {
  const change = useChangeIssue();
  const act = (to: "acknowledge" | "resolve") =>
    change.mutate({ id: issue.id, to }, { onError: (error) => showErrorNotification("The issue did not change", error) });
  if (issue.state === "resolved") return null;
  return (
    <Group gap="xs" wrap="nowrap">
      {issue.state === "open" && (
        <Button size="xs" variant="light" loading={change.isPending} onClick={() => act("acknowledge")}>
          Acknowledge
        </Button>
      )}
      <Button size="xs" variant="light" color="green" loading={change.isPending} onClick={() => act("resolve")}>
        Resolve
      </Button>
    </Group>
  );
}

/** The issues page: failures grouped per destination and kind; admins acknowledge and resolve. */
export function IssuesPanel() {
  const isAdmin = useIsAdmin();
  const [state, setState] = useState<string | null>(UNRESOLVED);
  const [kind, setKind] = useState<string | null>(null);
  const filters: IssueFilters = {
    ...(state ? { state: state.split(",") as IssueFilters["state"] } : {}),
    ...(kind ? { kind: [kind] as IssueFilters["kind"] } : {}),
  };
  const issues = useIssues(filters);

  const filterBar = (
    <Group gap="sm" mb="md">
      <Select
        label="State"
        data={[{ value: UNRESOLVED, label: "Unresolved" }, ...ISSUE_STATES]}
        value={state}
        onChange={setState}
        clearable
        placeholder="Any state"
      />
      <Select
        label="Kind"
        data={ISSUE_KINDS}
        value={kind}
        onChange={setKind}
        clearable
        placeholder="Any kind"
      />
    </Group>
  );

  let body;
  if (issues.isPending) body = <LoadingState label="Loading issues" />;
  else if (issues.isLoadingError) body = <ErrorState error={issues.error} onRetry={() => void issues.refetch()} />;
  else if (issues.data.length === 0) {
    body = (
      <EmptyState
        title="No issues"
        description="When deliveries to a destination fail, the failures gather here by kind."
      />
    );
  } else {
    body = (
      <Stack gap="md">
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" aria-label="Issues">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Destination</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Failures</Table.Th>
                <Table.Th>Last seen</Table.Th>
                <Table.Th>Latest</Table.Th>
                {isAdmin && <Table.Th>Actions</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {issues.data.map((issue) => (
                <Table.Tr key={issue.id}>
                  <Table.Td>
                    <Anchor component={Link} to={paths.destination.getHref(issue.destination_id)}>
                      {issue.destination_name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{kindLabel(issue.kind)}</Table.Td>
                  <Table.Td>
                    <Badge color={STATE_COLORS[issue.state]} variant="light">
                      {issue.state}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{issue.count}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(issue.last_seen_at)}</Text>
                    <Text size="xs" c="dimmed">
                      since {formatDateTime(issue.first_seen_at)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{issue.last_status_code ? `HTTP ${issue.last_status_code}` : issue.last_error}</Text>
                    {issue.sample_log_id && (
                      <Anchor component={Link} to={paths.log.getHref(issue.sample_log_id)} size="xs">
                        The webhook
                      </Anchor>
                    )}
                  </Table.Td>
                  {isAdmin && (
                    <Table.Td>
                      <IssueActions issue={issue} />
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <LoadMore query={issues} shown={formatCount(issues.data.length, "issue", "issues")} />
      </Stack>
    );
  }

  return (
    <>
      <PageHeader
        title="Issues"
        description="Failed deliveries grouped per destination and kind. A successful delivery resolves them."
      />
      {filterBar}
      {body}
    </>
  );
}
