import { Button, Modal, Stack } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconUserPlus } from "@tabler/icons-react";

import { EmptyState } from "@/components/empty-state";
import { ErrorState } from "@/components/error-state";
import { LoadMore } from "@/components/load-more";
import { LoadingState } from "@/components/loading-state";
import { PageHeader } from "@/components/page-header";
import { useIsAdmin, useMe } from "@/lib/auth";
import { formatCount } from "@/lib/format";

import { useUsers } from "../api/get-users";
import { PendingInvitations } from "./pending-invitations";
import { InviteUserForm } from "./invite-user-form";
import { UsersTable } from "./users-table";

/** The users page: who is in the organization; admins invite (and see who is invited), change
 * roles, deactivate. */
export function UsersPanel() {
  const me = useMe();
  const isAdmin = useIsAdmin();
  const users = useUsers();
  const [inviting, invitation] = useDisclosure(false);

  let body;
  if (users.isPending) body = <LoadingState label="Loading users" />;
  else if (users.isLoadingError) body = <ErrorState error={users.error} onRetry={() => void users.refetch()} />;
  else if (users.data.length === 0) body = <EmptyState title="No users" />;
  else {
    body = (
      <Stack gap="md">
        <UsersTable users={users.data} canManage={isAdmin} currentUserId={me.data?.id ?? ""} />
        <LoadMore query={users} shown={formatCount(users.data.length, "user", "users")} />
      </Stack>
    );
  }

  return (
    <>
      <PageHeader
        title="Users"
        description="Admins manage providers, destinations, users and keys; members read."
        actions={
          isAdmin && (
            <Button leftSection={<IconUserPlus size={16} />} onClick={invitation.open}>
              Invite user
            </Button>
          )
        }
      />
      <Stack gap="xl">
        {body}
        {isAdmin && <PendingInvitations />}
      </Stack>
      <Modal opened={inviting} onClose={invitation.close} title="Invite a user">
        <InviteUserForm
          onInvited={(email) => {
            invitation.close();
            notifications.show({ color: "teal", title: "Invitation sent", message: `${email} will get an email with the invitation.` });
          }}
        />
      </Modal>
    </>
  );
}
