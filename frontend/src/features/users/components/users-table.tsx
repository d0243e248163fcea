import { Badge, Button, Select, Table, Text } from "@mantine/core";

import type { components } from "@/api/schema";
import { ConfirmButton } from "@/components/confirm-button";
import { showErrorNotification } from "@/components/error-notification";
import { formatDateTime } from "@/lib/format";

import { useDeactivateUser } from "../api/deactivate-user";
import { useReactivateUser } from "../api/reactivate-user";
import { useUpdateUser } from "../api/update-user";
import { isRole } from "./roles";

type User = components["schemas"]["UserOutput"];

type UsersTableProps = {
  users: User[];
  /** Admins see role pickers and (de)activate buttons, except on their own row. */
  canManage: boolean;
  currentUserId: string;
};

function notifyError(error: Error) {
  showErrorNotification("That did not work", error);
}

function UserActions({ user }: { user: User }) {
  const deactivate = useDeactivateUser();
  const reactivate = useReactivateUser();
  if (user.is_active === false) {
    return (
      <Button size="xs" variant="default" loading={reactivate.isPending} onClick={() => reactivate.mutate(user.id, { onError: notifyError })}>
        Reactivate
      </Button>
    );
  }
  return (
    <ConfirmButton
      size="xs"
      variant="subtle"
      color="red"
      title={`Deactivate ${user.email}?`}
      message="They are logged out everywhere and cannot log in until reactivated. Their API keys stop working."
      confirmLabel="Deactivate"
      loading={deactivate.isPending}
      onConfirm={() => deactivate.mutate(user.id, { onError: notifyError })}
    >
      Deactivate
    </ConfirmButton>
  );
}

function RoleCell({ user, editable }: { user: User; editable: boolean }) {
  const update = useUpdateUser();
  if (!editable) return <Badge variant="light">{user.role}</Badge>;
  return (
    <Select
      size="xs"
      w={120}
      aria-label={`Role of ${user.email}`}
      data={[
        { value: "admin", label: "Admin" },
        { value: "member", label: "Member" },
      ]}
      value={user.role ?? "member"}
      allowDeselect={false}
      disabled={update.isPending}
      onChange={(role) => {
        if (isRole(role) && role !== user.role) update.mutate({ id: user.id, role }, { onError: notifyError });
      }}
    />
  );
}

export function UsersTable({ users, canManage, currentUserId }: UsersTableProps) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs" aria-label="Users">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Email</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Last login</Table.Th>
            {canManage && <Table.Th aria-label="Actions" />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((user) => {
            const isSelf = user.id === currentUserId;
            return (
              <Table.Tr key={user.id}>
                <Table.Td>
                  <Text size="sm">
                    {user.email} {isSelf && <Badge size="xs" variant="outline">you</Badge>}{" "}
                    {user.is_active === false && (
                      <Badge size="xs" color="gray">
                        deactivated
                      </Badge>
                    )}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <RoleCell user={user} editable={canManage && !isSelf && user.is_active !== false} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{user.last_login_at ? formatDateTime(user.last_login_at) : "Never"}</Text>
                </Table.Td>
                {canManage && <Table.Td ta="right">{!isSelf && <UserActions user={user} />}</Table.Td>}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
