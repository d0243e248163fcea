import { Anchor, Button, Modal, Stack, Table, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { Link } from "react-router";

import { EmptyState } from "@/components/empty-state";
import { ErrorState } from "@/components/error-state";
import { LoadMore } from "@/components/load-more";
import { LoadingState } from "@/components/loading-state";
import { PageHeader } from "@/components/page-header";
import { SecretOnce } from "@/components/secret-once";
import { paths } from "@/config/paths";
import { useIsAdmin } from "@/lib/auth";
import { formatCount } from "@/lib/format";

import { useCreateDestination } from "../api/create-destination";
import { useDestinations } from "../api/get-destinations";
import { DestinationForm, destinationBody } from "./destination-form";
import { DestinationState } from "./destination-state";

type Option = { value: string; label: string };

function CreateDestination({ providerOptions, onClose }: { providerOptions: Option[]; onClose: () => void }) {
  const create = useCreateDestination();
  if (create.isSuccess) {
    return (
      <Stack>
        <SecretOnce label="Signing secret" secret={create.data.signing_secret} />
        <Text size="sm">
          {create.data.name} verifies what Hooklane forwards with this secret (Standard Webhooks headers:
          webhook-id, webhook-timestamp, webhook-signature).
        </Text>
        <Button onClick={onClose}>Done</Button>
      </Stack>
    );
  }
  return (
    <DestinationForm
      providerOptions={providerOptions}
      submitLabel="Create destination"
      pending={create.isPending}
      onSubmit={(values, onError) => create.mutate({ ...destinationBody(values), is_active: true }, { onError })}
    />
  );
}

/** The destinations page: where webhooks are forwarded; admins add them. */
export function DestinationsPanel({ providerOptions }: { providerOptions: Option[] }) {
  const isAdmin = useIsAdmin();
  const destinations = useDestinations();
  const [creating, creation] = useDisclosure(false);
  const providerName = new Map(providerOptions.map((option) => [option.value, option.label]));

  const newButton = isAdmin && (
    <Button leftSection={<IconPlus size={16} />} onClick={creation.open}>
      New destination
    </Button>
  );

  let body;
  if (destinations.isPending) body = <LoadingState label="Loading destinations" />;
  else if (destinations.isLoadingError) {
    body = <ErrorState error={destinations.error} onRetry={() => void destinations.refetch()} />;
  } else if (destinations.data.length === 0) {
    body = (
      <EmptyState
        title="No destinations yet"
        description="A destination is one of your services: Hooklane forwards matching webhooks to it, with retries."
        action={newButton}
      />
    );
  } else {
    body = (
      <Stack gap="md">
        <Table.ScrollContainer minWidth={680}>
          <Table verticalSpacing="xs" aria-label="Destinations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>URL</Table.Th>
                <Table.Th>Receives</Table.Th>
                <Table.Th>State</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {destinations.data.map((destination) => (
                <Table.Tr key={destination.id}>
                  <Table.Td>
                    <Anchor component={Link} to={paths.destination.getHref(destination.id)}>
                      {destination.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace" style={{ wordBreak: "break-all" }}>
                      {destination.url}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {destination.provider_ids.length === 0
                        ? "Every provider"
                        : destination.provider_ids.map((id) => providerName.get(id) ?? "a deleted provider").join(", ")}
                      {destination.event_types.length > 0
                        ? ` · ${destination.event_types.join(", ")}`
                        : " · every event"}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <DestinationState destination={destination} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <LoadMore query={destinations} shown={formatCount(destinations.data.length, "destination", "destinations")} />
      </Stack>
    );
  }

  return (
    <>
      <PageHeader
        title="Destinations"
        description="Your services that receive the webhooks, signed by Hooklane, with retries."
        actions={newButton}
      />
      {body}
      {/* Unmounted on close, so a shown secret is gone once the dialog is. */}
      <Modal opened={creating} onClose={creation.close} title="New destination" size="lg">
        {creating && <CreateDestination providerOptions={providerOptions} onClose={creation.close} />}
      </Modal>
    </>
  );
}
