import { Stack } from "@mantine/core";

import { ErrorState } from "@/components/error-state";
import { LoadingState } from "@/components/loading-state";
import { PageHeader } from "@/components/page-header";
import { useIsAdmin } from "@/lib/auth";

import { useOrganization } from "../api/get-organization";
import { OrganizationForm } from "./organization-form";
import { QuotaCard } from "./quota-card";

export function OrganizationPanel() {
  const isAdmin = useIsAdmin();
  const organization = useOrganization();
  return (
    <>
      <PageHeader title="Organization" description="Settings that apply to everyone in your organization." />
      {organization.isPending ? (
        <LoadingState label="Loading settings" />
      ) : organization.isError ? (
        <ErrorState error={organization.error} onRetry={() => void organization.refetch()} />
      ) : (
        <Stack>
          <OrganizationForm key={organization.data.id} organization={organization.data} canManage={isAdmin} />
          <QuotaCard quota={organization.data.quota} />
        </Stack>
      )}
    </>
  );
}
