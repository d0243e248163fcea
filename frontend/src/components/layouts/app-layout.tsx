import { Anchor, AppShell, Burger, Divider, Group, NavLink, ScrollArea } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Link, Outlet, useLocation } from "react-router";

import { env } from "@/config/env";
import { paths } from "@/config/paths";
import { useIsAdmin } from "@/lib/auth";

import classes from "./app-layout.module.css";
import { mainNav, settingsNav, type NavItem } from "./nav-items";
import { UserMenu } from "./user-menu";

/** The shell of the logged-in dashboard: header, navigation (a drawer at phone width), page. */
export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();
  const isAdmin = useIsAdmin();

  const link = (item: NavItem) => {
    const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
    return (
      <NavLink
        key={item.href}
        component={Link}
        to={item.href}
        label={item.label}
        leftSection={<item.icon size={18} stroke={1.6} />}
        active={active}
        aria-current={active ? "page" : undefined}
        onClick={close}
      />
    );
  };

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 230, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main-content" className={classes.skipLink}>
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? "Close navigation" : "Open navigation"}
            />
            <Anchor component={Link} to={paths.dashboard.getHref()} fw={700} size="lg" underline="never">
              {env.appName}
            </Anchor>
          </Group>
          <UserMenu />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          {mainNav.map(link)}
          <Divider my="sm" label="Settings" labelPosition="left" />
          {settingsNav.filter((item) => isAdmin || !item.adminOnly).map(link)}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main-content" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
