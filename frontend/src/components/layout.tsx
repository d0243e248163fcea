import { Anchor, AppShell, Group } from "@mantine/core";
import { Link, Outlet } from "react-router";

import { env } from "@/config/env";
import { paths } from "@/config/paths";

/** The page shell every route renders inside: header with the brand, then the page. */
export function Layout() {
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md">
          <Anchor component={Link} to={paths.landing.getHref()} fw={700} size="lg" underline="never">
            {env.appName}
          </Anchor>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
