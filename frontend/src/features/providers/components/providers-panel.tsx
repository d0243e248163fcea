import { Alert, Button, Modal, Paper, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";

import type { components } from "@/api/schema";
import { EmptyState } from "@/components/empty-state";
import { ErrorState } from "@/components/error-state";
import { JobProgress } from "@/components/job-progress";
import { LoadMore } from "@/components/load-more";
import { LoadingState } from "@/components/loading-state";
import { PageHeader } from "@/components/page-header";
import { useIsAdmin } from "@/lib/auth";
import { formatCount } from "@/lib/format";
import type { Job } from "@/lib/jobs";

import { useProviders } from "../api/get-providers";
import { useProviderSearch } from "../hooks/use-provider-search";
import { useProviderTypes } from "../api/get-provider-types";
import { findProviderType } from "../utils/provider-types";
import { CreateProviderForm } from "./create-provider-form";
import { IngestUrl } from "./ingest-url";
import { ProviderRow } from "./provider-row";
import { ProviderSearch } from "./provider-search";
import { RotateSecretForm } from "./rotate-secret-form";

type Provider = components["schemas"]["ProviderOutput"];
type RunningJob = { id: string; label: string; unit: string };

function describeJob(job: Job, provider: Provider): RunningJob {
  return job.kind === "provider_delete"
    ? { id: job.id, label: `Deleting ${provider.display_name}`, unit: "logs deleted" }
    : { id: job.id, label: `Resuming ${provider.display_name}`, unit: "held webhooks queued" };
}

/** The providers page: each webhook source with its ingest URL, searched and paged through
 * the API (an organization may have thousands); admins add and manage them. */
export function ProvidersPanel() {
  const isAdmin = useIsAdmin();
  const search = useProviderSearch();
  const { filters } = search;
  const providers = useProviders(filters);
  const types = useProviderTypes().data;
  const [creating, creation] = useDisclosure(false);
  const [created, setCreated] = useState<Provider | null>(null);
  const [rotating, setRotating] = useState<Provider | null>(null);
  const [job, setJob] = useState<RunningJob | null>(null);
  const filtered = Object.keys(filters).length > 0;

  const newButton = isAdmin && (
    <Button leftSection={<IconPlus size={16} />} onClick={creation.open}>
      New provider
    </Button>
  );

  let body;
  if (providers.isPending) {
    body = <LoadingState label="Loading providers" />;
  } else if (providers.isLoadingError) {
    body = <ErrorState error={providers.error} onRetry={() => void providers.refetch()} />;
  } else if (providers.data.length === 0 && filtered) {
    body = (
      <EmptyState
        title="No providers match"
        description="Try other words or any type."
        action={
          <Button variant="default" onClick={search.clear}>
            Clear search
          </Button>
        }
      />
    );
  } else if (providers.data.length === 0) {
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
      <Stack gap="md">
        <Paper withBorder aria-label="Providers" component="section">
          {providers.data.map((provider) => (
            <ProviderRow
              key={provider.id}
              provider={provider}
              type={findProviderType(types, provider.provider_name)}
              canManage={isAdmin}
              onRotate={setRotating}
              onJob={(started, of) => setJob(describeJob(started, of))}
            />
          ))}
        </Paper>
        <LoadMore query={providers} shown={formatCount(providers.data.length, "provider", "providers")} />
      </Stack>
    );
  }

  const rotatingType = findProviderType(types, rotating?.provider_name);
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
        <ProviderSearch
          text={search.text}
          onTextChange={search.setText}
          onSubmit={search.flushText}
          type={filters.provider_name}
          onTypeChange={search.setType}
          searching={providers.isPlaceholderData && providers.isFetching}
        />
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
      <Modal opened={job !== null} onClose={() => setJob(null)} title={job?.label}>
        {job && <JobProgress jobId={job.id} label={job.label} unit={job.unit} onClose={() => setJob(null)} />}
      </Modal>
      <Modal
        opened={rotating !== null}
        onClose={() => setRotating(null)}
        title={
          rotating
            ? `${rotating.has_signing_secret ? "Rotate" : "Set"} the secret of ${rotating.display_name}`
            : undefined
        }
      >
        {rotating && (
          <RotateSecretForm
            providerId={rotating.id}
            secretLabel={rotatingType?.secret_label ?? "Signing secret"}
            onDone={() => {
              setRotating(null);
              notifications.show({ color: "teal", message: "Secret rotated." });
            }}
          />
        )}
      </Modal>
    </>
  );
}
