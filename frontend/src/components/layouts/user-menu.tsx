import { Avatar, Badge, Menu, Text, UnstyledButton } from "@mantine/core";
import { IconApi, IconLogout } from "@tabler/icons-react";
import { useNavigate } from "react-router";

import { paths, serverPaths } from "@/config/paths";
import { useLogout, useMe } from "@/lib/auth";

/** The header's account menu: who you are, in which organization, and the way out. */
export function UserMenu() {
  const { data: user } = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  // Gone for a moment while logging out (the cache is cleared before the page changes).
  if (!user) return null;

  return (
    <Menu position="bottom-end" width={260} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`Account menu for ${user.email}`}>
          <Avatar color="indigo" radius="xl" size="md">
            {user.email.slice(0, 2).toUpperCase()}
          </Avatar>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="var(--mantine-color-text)" truncate>
            {user.email}
          </Text>
          <Text size="xs" truncate>
            {user.organization.name}{" "}
            <Badge size="xs" variant="light" component="span">
              {user.role}
            </Badge>
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item component="a" href={serverPaths.apiDocs} leftSection={<IconApi size={16} />}>
          API documentation
        </Menu.Item>
        <Menu.Item
          leftSection={<IconLogout size={16} />}
          onClick={() =>
            logout.mutate(undefined, { onSettled: () => void navigate(paths.login.getHref(), { replace: true }) })
          }
        >
          Log out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
