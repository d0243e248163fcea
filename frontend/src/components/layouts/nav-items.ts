/** The sections of the dashboard, in the order the navigation lists them. */
import {
  IconAlertTriangle,
  IconBell,
  IconBuilding,
  IconChartBar,
  IconKey,
  IconList,
  IconPlugConnected,
  IconSend,
  IconShieldCheck,
  IconUsers,
  type Icon,
} from "@tabler/icons-react";

import { paths } from "@/config/paths";

export type NavItem = { label: string; href: string; icon: Icon; adminOnly?: boolean };

export const mainNav: NavItem[] = [
  { label: "Dashboard", href: paths.dashboard.getHref(), icon: IconChartBar },
  { label: "Logs", href: paths.logs.getHref(), icon: IconList },
  { label: "Providers", href: paths.providers.getHref(), icon: IconPlugConnected },
  { label: "Destinations", href: paths.destinations.getHref(), icon: IconSend },
  { label: "Issues", href: paths.issues.getHref(), icon: IconAlertTriangle },
];

export const settingsNav: NavItem[] = [
  { label: "Users", href: paths.users.getHref(), icon: IconUsers },
  { label: "API keys", href: paths.apiKeys.getHref(), icon: IconKey },
  { label: "Notification channels", href: paths.notificationChannels.getHref(), icon: IconBell },
  { label: "Organization", href: paths.organization.getHref(), icon: IconBuilding },
  { label: "Audit log", href: paths.auditLog.getHref(), icon: IconShieldCheck, adminOnly: true },
];
