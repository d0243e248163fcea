import { Anchor, Badge, Button, Card, Group, Modal, Stack, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { Link } from "react-router";

import type { components } from "@/api/schema";
import { ConfirmButton } from "@/components/confirm-button";
import { paths } from "@/config/paths";
import { formatDateTime } from "@/lib/format";

import { useDeleteProvider } from "../api/delete-provider";
import { useUpdateProvider } from "../api/update-provider";
import { providerGuides } from "../utils/provider-guides";
import { IngestUrl } from "./ingest-url";
import { RotateSecretForm } from "./rotate-secret-form";

type Provider = components["schemas"]["ProviderOutput"];

function notifyError(error: Error) {
  notifications.show({ color: "red", title: "That did not work", message: error.message });
}

/** One provider: where to send, its state, and (for admins) pause, rotate and delete. */
export function ProviderCard({ provider, canManage }: { provider: Provider; canManage: boolean }) {
  const guide = providerGuides[provider.provider_name];
  const update = useUpdateProvider();
  const remove = useDeleteProvider();
  const [rotating, rotation] = useDisclosure(false);
  const titleId = `provider-${provider.id}`;

  return (
    <Card withBorder padding="md" component="article" aria-labelledby={titleId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Stack gap={2}>
            <Title order={2} size="h4" id={titleId}>
              {provider.display_name}
            </Title>
            <Group gap={6}>
              <Badge variant="light">{guide.label}</Badge>
              {provider.is_active ? (
                <Badge color="green" variant="light">
                  Active
                </Badge>
              ) : (
                <Badge color="yellow" variant="light">
                  Paused: webhooks are held
                </Badge>
              )}
            </Group>
          </Stack>
          <Anchor component={Link} to={paths.logs.getHref(`provider=${provider.id}`)} size="sm">
            View logs
          </Anchor>
        </Group>
        <IngestUrl url={provider.ingest_url} />
        {provider.previous_secret_expires_at && (
          <Text size="xs" c="dimmed">
            The previous secret still verifies until {formatDateTime(provider.previous_secret_expires_at)}.
          </Text>
        )}
        {canManage && (
          <Group gap="xs">
            <Button
              size="xs"
              variant="default"
              loading={update.isPending}
              onClick={() => update.mutate({ id: provider.id, is_active: !provider.is_active }, { onError: notifyError })}
            >
              {provider.is_active ? "Pause" : "Resume"}
            </Button>
            {guide.secretLabel && (
              <Button size="xs" variant="default" onClick={rotation.open}>
                Rotate secret
              </Button>
            )}
            <ConfirmButton
              size="xs"
              variant="subtle"
              color="red"
              title={`Delete ${provider.display_name}?`}
              message="Its ingest URL stops working at once and its logs are deleted with it. This cannot be undone."
              confirmLabel="Delete provider"
              loading={remove.isPending}
              onConfirm={() =>
                remove.mutate(provider.id, {
                  onSuccess: () => notifications.show({ message: `${provider.display_name} deleted.` }),
                  onError: notifyError,
                })
              }
            >
              Delete
            </ConfirmButton>
          </Group>
        )}
      </Stack>
      {guide.secretLabel && (
        <Modal opened={rotating} onClose={rotation.close} title={`Rotate the secret of ${provider.display_name}`}>
          <RotateSecretForm
            providerId={provider.id}
            secretLabel={guide.secretLabel}
            onDone={() => {
              rotation.close();
              notifications.show({ color: "teal", message: "Secret rotated." });
            }}
          />
        </Modal>
      )}
    </Card>
  );
}
