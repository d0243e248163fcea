import { OrganizationPanel } from "@/features/organization/components/organization-panel";

export function OrganizationRoute() {
  return <OrganizationPanel />;
}
