import { Alert, Button, Card, Code, Group, Modal, SimpleGrid, Stack, Tabs, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useState, type ReactNode } from "react";

import type { components } from "@/api/schema";
import { ConfirmButton } from "@/components/confirm-button";
import { EmptyState } from "@/components/empty-state";
import { showErrorNotification } from "@/components/error-notification";
import { ErrorState } from "@/components/error-state";
import { JobProgress } from "@/components/job-progress";
import { LoadingState } from "@/components/loading-state";
import { SecretOnce } from "@/components/secret-once";
import { useIsAdmin } from "@/lib/auth";
import { formatDateTime } from "@/lib/format";

import { useDeleteDestination } from "../api/delete-destination";
import { useDestinationAttempts } from "../api/get-destination-attempts";
import { usePauseDestination } from "../api/pause-destination";
import { useResumeDestination } from "../api/resume-destination";
import { useRotateDestinationSecret } from "../api/rotate-destination-secret";
import { useUpdateDestination } from "../api/update-destination";
import { AttemptsTable } from "./attempts-table";
import { DestinationForm, destinationBody } from "./destination-form";
import { DestinationState } from "./destination-state";
import { FilterConsole } from "./filter-console";
import { TransformPreview } from "./transform-preview";

type Destination = components["schemas"]["DestinationOutput"];
type Option = { value: string; label: string };

function notifyError(error: Error) {
  showErrorNotification("That did not work", error);
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ wordBreak: "break-all" }}>
        {children}
      </Text>
    </div>
  );
}

function Attempts({ destinationId }: { destinationId: string }) {
  const attempts = useDestinationAttempts(destinationId);
  if (attempts.isPending) return <LoadingState label="Loading attempts" />;
  if (attempts.isError) return <ErrorState error={attempts.error} onRetry={() => void attempts.refetch()} />;
  if (attempts.data.length === 0) {
    return <EmptyState title="Nothing sent yet" description="Attempts show up here as webhooks are forwarded." />;
  }
  return <AttemptsTable attempts={attempts.data} />;
}

type DestinationDetailProps = {
  destination: Destination;
  providerOptions: Option[];
  onDeleted: () => void;
};

/** One destination: its settings, its last attempts, and (for admins) every action on it. */
export function DestinationDetail({ destination, providerOptions, onDeleted }: DestinationDetailProps) {
  const isAdmin = useIsAdmin();
  const update = useUpdateDestination();
  const pause = usePauseDestination();
  const resume = useResumeDestination();
  const rotate = useRotateDestinationSecret();
  const remove = useDeleteDestination();
  const [editing, edit] = useDisclosure(false);
  const [trying, tryOut] = useDisclosure(false);
  const [deleteJob, setDeleteJob] = useState<string | null>(null);
  const providerName = new Map(providerOptions.map((option) => [option.value, option.label]));

  return (
    <Stack gap="lg">
      {rotate.isSuccess && (
        <Stack gap="xs">
          <SecretOnce label="Signing secret" secret={rotate.data.signing_secret} />
          {rotate.data.previous_secret_expires_at && (
            <Text size="sm" c="dimmed">
              Forwards are signed with the old secret too until {formatDateTime(rotate.data.previous_secret_expires_at)}.
            </Text>
          )}
        </Stack>
      )}
      {destination.consecutive_failures > 0 && (
        <Alert color="red" title="Failing">
          The last {destination.consecutive_failures} attempts failed. The attempts below say why.
        </Alert>
      )}
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
          <Field label="State">
            <DestinationState destination={destination} />
          </Field>
          <Field label="URL">{destination.url}</Field>
          <Field label="Providers">
            {destination.provider_ids.length === 0
              ? "Every provider"
              : destination.provider_ids.map((id) => providerName.get(id) ?? id).join(", ")}
          </Field>
          <Field label="Event types">{destination.event_types.length ? destination.event_types.join(", ") : "Every event"}</Field>
          <Field label="Timeout · attempts">
            {destination.timeout_seconds} s · up to {destination.max_attempts}
          </Field>
          <Field label="Extra headers">{destination.header_names.join(", ") || "None"}</Field>
          <Field label="Filter">
            {destination.filter_expression ? <Code>{destination.filter_expression}</Code> : "None: every webhook is sent"}
          </Field>
          <Field label="Transformation">
            {destination.transformation ? <Code>{destination.transformation}</Code> : "None: sent as received"}
          </Field>
        </SimpleGrid>
      </Card>

      {isAdmin && (
        <Group gap="xs">
          <Button variant="default" onClick={edit.open}>
            Edit
          </Button>
          {destination.is_active ? (
            <Button variant="default" loading={pause.isPending} onClick={() => pause.mutate(destination.id, { onError: notifyError })}>
              Pause
            </Button>
          ) : (
            <Button
              variant="default"
              loading={resume.isPending}
              onClick={() =>
                resume.mutate(destination.id, {
                  onSuccess: (resumed) =>
                    notifications.show({ message: `Resumed; ${resumed.released} held deliveries are on their way.` }),
                  onError: notifyError,
                })
              }
            >
              Resume
            </Button>
          )}
          <ConfirmButton
            variant="default"
            title="Rotate the signing secret?"
            message="A new secret is shown once. The old one keeps signing forwards for 24 hours, so your service can switch over."
            confirmLabel="Rotate secret"
            loading={rotate.isPending}
            onConfirm={() => rotate.mutate(destination.id, { onError: notifyError })}
          >
            Rotate secret
          </ConfirmButton>
          <ConfirmButton
            variant="subtle"
            color="red"
            title={`Delete ${destination.name}?`}
            message="It stops receiving at once; unfinished deliveries to it are cancelled in the background. Past attempts stay in each webhook's history."
            confirmLabel="Delete destination"
            loading={remove.isPending}
            onConfirm={() =>
              remove.mutate(destination.id, { onSuccess: (job) => setDeleteJob(job.id), onError: notifyError })
            }
          >
            Delete
          </ConfirmButton>
        </Group>
      )}

      <section aria-labelledby="try-heading">
        <Title order={2} size="h4" id="try-heading" mb="xs">
          Try the filter and transformation
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          On a stored webhook or a pasted body, exactly as the worker runs them. Nothing is saved or sent: edit the
          destination to keep a change.
        </Text>
        {trying ? (
          <Tabs defaultValue="filter" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="filter">Filter test</Tabs.Tab>
              <Tabs.Tab value="transformation">Transformation preview</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="filter" pt="sm">
              <FilterConsole initialExpression={destination.filter_expression} />
            </Tabs.Panel>
            <Tabs.Panel value="transformation" pt="sm">
              <TransformPreview initialTransformation={destination.transformation} destinationId={destination.id} />
            </Tabs.Panel>
          </Tabs>
        ) : (
          <Button variant="light" onClick={tryOut.open}>
            Open the test console
          </Button>
        )}
      </section>

      <section aria-labelledby="attempts-heading">
        <Title order={2} size="h4" id="attempts-heading" mb="xs">
          Last attempts
        </Title>
        <Attempts destinationId={destination.id} />
      </section>

      <Modal opened={deleteJob !== null} onClose={onDeleted} title={`Deleting ${destination.name}`}>
        {deleteJob && (
          <JobProgress
            jobId={deleteJob}
            label={`Deleting ${destination.name}`}
            unit="deliveries and attempts detached"
            onClose={onDeleted}
          />
        )}
      </Modal>

      <Modal opened={editing} onClose={edit.close} title={`Edit ${destination.name}`} size="lg">
        {editing && (
          <DestinationForm
            destination={destination}
            providerOptions={providerOptions}
            submitLabel="Save changes"
            pending={update.isPending}
            onSubmit={(values, onError) =>
              update.mutate({ id: destination.id, ...destinationBody(values) }, { onSuccess: edit.close, onError })
            }
          />
        )}
      </Modal>
    </Stack>
  );
}
