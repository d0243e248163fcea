import { Badge, Stack, Table, Text, Title } from "@mantine/core";

import type { components } from "@/api/schema";
import { ConfirmButton } from "@/components/confirm-button";
import { ErrorState } from "@/components/error-state";
import { showErrorNotification } from "@/components/error-notification";
import { LoadMore } from "@/components/load-more";
import { formatCount, formatDateTime } from "@/lib/format";

import { useInvitations } from "../api/get-invitations";
import { useRevokeInvitation } from "../api/revoke-invitation";

type Invitation = components["schemas"]["InvitationOutput"];

function RevokeButton({ invitation }: { invitation: Invitation }) {
  const revoke = useRevokeInvitation();
  return (
    <ConfirmButton
      size="xs"
      variant="subtle"
      color="red"
      title={`Revoke the invitation of ${invitation.email}?`}
      message="The link in their email stops working. You can invite them again later."
      confirmLabel="Revoke"
      loading={revoke.isPending}
      onConfirm={() => revoke.mutate(invitation.id, { onError: (error) => showErrorNotification("That did not work", error) })}
    >
      Revoke
    </ConfirmButton>
  );
}

/** Admins' list of invitations not yet accepted; nothing shows while there are none. */
export function PendingInvitations() {
  const invitations = useInvitations();
  if (invitations.isPending) return null;
  if (invitations.isLoadingError) return <ErrorState error={invitations.error} onRetry={() => void invitations.refetch()} />;
  if (invitations.data.length === 0) return null;
  return (
    <Stack gap="xs" component="section" aria-labelledby="pending-invitations-heading">
      <Title order={2} size="h4" id="pending-invitations-heading">
        Pending invitations
      </Title>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="xs" aria-label="Pending invitations">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Email</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Invited by</Table.Th>
              <Table.Th>Expires</Table.Th>
              <Table.Th aria-label="Actions" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {invitations.data.map((invitation) => (
              <Table.Tr key={invitation.id}>
                <Table.Td>
                  <Text size="sm">{invitation.email}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light">{invitation.role}</Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{invitation.invited_by?.email ?? "—"}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDateTime(invitation.expires_at)}</Text>
                </Table.Td>
                <Table.Td ta="right">
                  <RevokeButton invitation={invitation} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <LoadMore query={invitations} shown={formatCount(invitations.data.length, "invitation", "invitations")} />
    </Stack>
  );
}
