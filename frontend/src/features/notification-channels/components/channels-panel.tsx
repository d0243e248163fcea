import { Button, Group, Modal, Stack, Table, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconPlus } from "@tabler/icons-react";

import { ConfirmButton } from "@/components/confirm-button";
import { EmptyState } from "@/components/empty-state";
import { showErrorNotification } from "@/components/error-notification";
import { ErrorState } from "@/components/error-state";
import { LoadingState } from "@/components/loading-state";
import { PageHeader } from "@/components/page-header";
import { SecretOnce } from "@/components/secret-once";
import { useIsAdmin } from "@/lib/auth";
import { formatDateTime } from "@/lib/format";
import { kindLabel } from "@/lib/issue-kinds";

import { useChannels, useCreateChannel, useDeleteChannel, useTestChannel, type Channel } from "../api/channels";
import { CHANNEL_TYPES, ChannelForm } from "./channel-form";

function CreateChannel({ onClose }: { onClose: () => void }) {
  const create = useCreateChannel();
  if (create.isSuccess) {
    return (
      <Stack>
        {create.data.signing_secret ? (
          <>
            <SecretOnce label="Signing secret" secret={create.data.signing_secret} />
            <Text size="sm">Verify each message with this secret (Standard Webhooks headers).</Text>
          </>
        ) : (
          <Text size="sm">{create.data.name} is ready. Send it a test message from the list.</Text>
        )}
        <Button onClick={onClose}>Done</Button>
      </Stack>
    );
  }
  return <ChannelForm pending={create.isPending} onSubmit={(body, onError) => create.mutate(body, { onError })} />;
}

function ChannelActions({ channel }: { channel: Channel }) {
  const test = useTestChannel();
  const remove = useDeleteChannel();
  const sendTest = () =>
    test.mutate(channel.id, {
      onSuccess: (outcome) =>
        notifications.show(
          outcome.delivered
            ? { color: "green", title: "Test message sent", message: `${channel.name} took it.` }
            : { color: "red", title: "The test message was refused", message: outcome.error },
        ),
      onError: (error) => showErrorNotification("The test did not run", error),
    });
  return (
    <Group gap="xs" wrap="nowrap">
      <Button size="xs" variant="light" loading={test.isPending} onClick={sendTest}>
        Send test
      </Button>
      <ConfirmButton
        size="xs"
        variant="subtle"
        color="red"
        title="Delete this channel?"
        message={`${channel.name} hears of no more issues.`}
        confirmLabel="Delete channel"
        loading={remove.isPending}
        onConfirm={() =>
          remove.mutate(channel.id, { onError: (error) => showErrorNotification("The channel was not deleted", error) })
        }
      >
        Delete
      </ConfirmButton>
    </Group>
  );
}

function where(channel: Channel): string {
  if (channel.type === "email") return channel.emails.length ? channel.emails.join(", ") : "The organization's admins";
  return channel.url_hint;
}

/** Notification channel settings: where issues are announced; admins add and test them. */
export function ChannelsPanel() {
  const isAdmin = useIsAdmin();
  const channels = useChannels();
  const [creating, creation] = useDisclosure(false);
  const typeLabel = new Map(CHANNEL_TYPES.map((option) => [option.value, option.label]));

  const newButton = isAdmin && (
    <Button leftSection={<IconPlus size={16} />} onClick={creation.open}>
      New channel
    </Button>
  );

  let body;
  if (channels.isPending) body = <LoadingState label="Loading channels" />;
  else if (channels.isLoadingError) body = <ErrorState error={channels.error} onRetry={() => void channels.refetch()} />;
  else if (channels.data.length === 0) {
    body = <EmptyState title="No channels" description="Nobody hears of failing deliveries." action={newButton} />;
  } else {
    body = (
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="xs" aria-label="Notification channels">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Sends to</Table.Th>
              <Table.Th>Issue kinds</Table.Th>
              <Table.Th>Last message</Table.Th>
              {isAdmin && <Table.Th>Actions</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {channels.data.map((channel) => (
              <Table.Tr key={channel.id}>
                <Table.Td>{channel.name}</Table.Td>
                <Table.Td>{typeLabel.get(channel.type) ?? channel.type}</Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace" style={{ wordBreak: "break-all" }}>
                    {where(channel)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{channel.issue_kinds.length ? channel.issue_kinds.map(kindLabel).join(", ") : "Every kind"}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{channel.last_sent_at ? formatDateTime(channel.last_sent_at) : "Never"}</Text>
                  {channel.last_error && (
                    <Text size="xs" c="red">
                      {channel.last_error}
                    </Text>
                  )}
                </Table.Td>
                {isAdmin && (
                  <Table.Td>
                    <ChannelActions channel={channel} />
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }

  return (
    <>
      <PageHeader
        title="Notification channels"
        description="Where Hooklane announces issues: when one opens, then at most once an hour while it lasts."
        actions={newButton}
      />
      {body}
      <Modal opened={creating} onClose={creation.close} title="New channel" size="lg">
        {creating && <CreateChannel onClose={creation.close} />}
      </Modal>
    </>
  );
}
