import { Anchor, AppShell, Button, Group } from "@mantine/core";
import { Link, Outlet } from "react-router";

import { env } from "@/config/env";
import { paths } from "@/config/paths";

/** The shell of pages a visitor sees before logging in: the brand, then the page. */
export function PublicLayout() {
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Anchor component={Link} to={paths.landing.getHref()} fw={700} size="lg" underline="never">
            {env.appName}
          </Anchor>
          <Group gap="xs" wrap="nowrap">
            <Button component={Link} to={paths.login.getHref()} variant="subtle" size="sm">
              Log in
            </Button>
            <Button component={Link} to={paths.signup.getHref()} size="sm">
              Sign up
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
