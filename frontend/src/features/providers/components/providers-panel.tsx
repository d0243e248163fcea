import { Alert, Button, Modal, SimpleGrid, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";

import type { components } from "@/api/schema";
import { EmptyState } from "@/components/empty-state";
import { ErrorState } from "@/components/error-state";
import { LoadingState } from "@/components/loading-state";
import { PageHeader } from "@/components/page-header";
import { useIsAdmin } from "@/lib/auth";

import { useProviders } from "../api/get-providers";
import { CreateProviderForm } from "./create-provider-form";
import { IngestUrl } from "./ingest-url";
import { ProviderCard } from "./provider-card";

type Provider = components["schemas"]["ProviderOutput"];

/** The providers page: every webhook source with its ingest URL; admins add and manage them. */
export function ProvidersPanel() {
  const isAdmin = useIsAdmin();
  const providers = useProviders();
  const [creating, creation] = useDisclosure(false);
  const [created, setCreated] = useState<Provider | null>(null);

  const newButton = isAdmin && (
    <Button leftSection={<IconPlus size={16} />} onClick={creation.open}>
      New provider
    </Button>
  );

  let body;
  if (providers.isPending) {
    body = <LoadingState label="Loading providers" />;
  } else if (providers.isError) {
    body = <ErrorState error={providers.error} onRetry={() => void providers.refetch()} />;
  } else if (providers.data.results.length === 0) {
    body = (
      <EmptyState
        title="No providers yet"
        description={
          isAdmin
            ? "A provider is one sender (a Stripe account, a GitHub org…) with its own ingest URL."
            : "An admin of your organization can add the first one."
        }
        action={newButton}
      />
    );
  } else {
    body = (
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        {providers.data.results.map((provider) => (
          <ProviderCard key={provider.id} provider={provider} canManage={isAdmin} />
        ))}
      </SimpleGrid>
    );
  }

  return (
    <>
      <PageHeader
        title="Providers"
        description="Each sender posts to its own ingest URL; Hooklane checks its signature."
        actions={newButton}
      />
      <Stack gap="md">
        {created && (
          <Alert color="teal" title={`${created.display_name} is ready`} withCloseButton onClose={() => setCreated(null)}>
            <Stack gap="xs">
              <Text size="sm">Paste this URL into the sender's webhook settings:</Text>
              <IngestUrl url={created.ingest_url} />
            </Stack>
          </Alert>
        )}
        {body}
      </Stack>
      <Modal opened={creating} onClose={creation.close} title="New provider" size="lg">
        <CreateProviderForm
          onCreated={(provider) => {
            creation.close();
            setCreated(provider);
          }}
        />
      </Modal>
    </>
  );
}
