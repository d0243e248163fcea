import { Badge, Button, Modal, Stack, Table, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";

import type { components } from "@/api/schema";
import { ConfirmButton } from "@/components/confirm-button";
import { EmptyState } from "@/components/empty-state";
import { showErrorNotification } from "@/components/error-notification";
import { ErrorState } from "@/components/error-state";
import { LoadMore } from "@/components/load-more";
import { LoadingState } from "@/components/loading-state";
import { PageHeader } from "@/components/page-header";
import { useIsAdmin } from "@/lib/auth";
import { formatCount, formatDateTime } from "@/lib/format";

import { useApiKeys } from "../api/get-api-keys";
import { useRevokeApiKey } from "../api/revoke-api-key";
import { CreateApiKeyForm } from "./create-api-key-form";

type ApiKey = components["schemas"]["ApiKeyOutput"];

function RevokeButton({ apiKey }: { apiKey: ApiKey }) {
  const revoke = useRevokeApiKey();
  return (
    <ConfirmButton
      size="xs"
      variant="subtle"
      color="red"
      title={`Revoke “${apiKey.name}”?`}
      message="Scripts using it get 401 from the next request on. This cannot be undone."
      confirmLabel="Revoke key"
      loading={revoke.isPending}
      onConfirm={() =>
        revoke.mutate(apiKey.id, {
          onError: (error) => showErrorNotification("That did not work", error),
        })
      }
    >
      Revoke
    </ConfirmButton>
  );
}

function KeyState({ apiKey }: { apiKey: ApiKey }) {
  if (apiKey.revoked_at) return <Badge color="gray">Revoked</Badge>;
  if (apiKey.expires_at && new Date(apiKey.expires_at) <= new Date()) return <Badge color="gray">Expired</Badge>;
  return (
    <Badge color="green" variant="light">
      Active
    </Badge>
  );
}

/** The API keys page: scripts authenticate with these; admins create and revoke them. */
export function ApiKeysPanel() {
  const isAdmin = useIsAdmin();
  const keys = useApiKeys();
  const [creating, creation] = useDisclosure(false);

  let body;
  if (keys.isPending) body = <LoadingState label="Loading API keys" />;
  else if (keys.isLoadingError) body = <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />;
  else if (keys.data.length === 0) {
    body = <EmptyState title="No API keys" description="Scripts use a key to call the API as your organization." />;
  } else {
    body = (
      <Stack gap="md">
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs" aria-label="API keys">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Key</Table.Th>
                <Table.Th>Scope</Table.Th>
                <Table.Th>Created by</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>State</Table.Th>
                {isAdmin && <Table.Th aria-label="Actions" />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.data.map((apiKey) => (
                <Table.Tr key={apiKey.id}>
                  <Table.Td>{apiKey.name}</Table.Td>
                  <Table.Td>
                    <Text ff="monospace" size="sm">
                      {apiKey.prefix}…
                    </Text>
                  </Table.Td>
                  <Table.Td>{apiKey.scope}</Table.Td>
                  <Table.Td>{apiKey.created_by.email}</Table.Td>
                  <Table.Td>{apiKey.last_used_at ? formatDateTime(apiKey.last_used_at) : "Never"}</Table.Td>
                  <Table.Td>
                    <KeyState apiKey={apiKey} />
                  </Table.Td>
                  {isAdmin && <Table.Td ta="right">{!apiKey.revoked_at && <RevokeButton apiKey={apiKey} />}</Table.Td>}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <LoadMore query={keys} shown={formatCount(keys.data.length, "API key", "API keys")} />
      </Stack>
    );
  }

  return (
    <>
      <PageHeader
        title="API keys"
        description="Send a key as Authorization: Bearer to use the API from scripts."
        actions={
          isAdmin && (
            <Button leftSection={<IconPlus size={16} />} onClick={creation.open}>
              New API key
            </Button>
          )
        }
      />
      {body}
      {/* Unmounted on close, so a shown secret is gone once the dialog is. */}
      <Modal opened={creating} onClose={creation.close} title="New API key">
        {creating && <CreateApiKeyForm onClose={creation.close} />}
      </Modal>
    </>
  );
}
