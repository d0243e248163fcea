import { Anchor, Badge, Box, Button, Group, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";

import type { components } from "@/api/schema";
import { ConfirmButton } from "@/components/confirm-button";
import { showErrorNotification } from "@/components/error-notification";
import { paths } from "@/config/paths";
import { formatDateTime } from "@/lib/format";
import type { Job } from "@/lib/jobs";

import { useDeleteProvider } from "../api/delete-provider";
import { useResumeProvider } from "../api/resume-provider";
import { useUpdateProvider } from "../api/update-provider";
import type { ProviderType } from "../api/get-provider-types";
import { takesSecret } from "../utils/provider-types";
import { IngestUrl } from "./ingest-url";
import classes from "./provider-row.module.css";

type Provider = components["schemas"]["ProviderOutput"];

type ProviderRowProps = {
  provider: Provider;
  /** Its type from the registry; undefined while the registry loads. */
  type: ProviderType | undefined;
  canManage: boolean;
  /** Opens the rotate-secret dialog for this provider (one dialog serves the whole list). */
  onRotate: (provider: Provider) => void;
  /** A resume or delete started a background job: the list shows its progress. */
  onJob: (job: Job, provider: Provider) => void;
};

function notifyError(error: Error) {
  showErrorNotification("That did not work", error);
}

/** One provider in the list: name, type, state, where to send, and (for admins) its actions. */
export function ProviderRow({ provider, type, canManage, onRotate, onJob }: ProviderRowProps) {
  const update = useUpdateProvider();
  const resume = useResumeProvider();
  const remove = useDeleteProvider();
  const titleId = `provider-${provider.id}`;

  return (
    <Box component="article" aria-labelledby={titleId} py="sm" px="md" className={classes.row}>
      <Group justify="space-between" align="center" gap="sm" wrap="wrap">
        <Stack gap={4} miw={0} style={{ flex: "1 1 280px" }}>
          <Group gap={8} wrap="wrap">
            <Title order={2} size="h5" id={titleId}>
              {provider.display_name}
            </Title>
            <Badge variant="light" size="sm">
              {type?.label ?? provider.provider_name}
            </Badge>
            {provider.is_active ? (
              <Badge color="green" variant="light" size="sm">
                Active
              </Badge>
            ) : (
              <Badge color="yellow" variant="light" size="sm">
                Paused: webhooks are held
              </Badge>
            )}
            {!provider.has_signing_secret && takesSecret(type) && (
              <Badge color="orange" variant="light" size="sm">
                Awaiting secret
              </Badge>
            )}
            <Anchor component={Link} to={paths.logs.getHref(`provider=${provider.id}`)} size="sm">
              View logs
            </Anchor>
          </Group>
          <IngestUrl url={provider.ingest_url} compact />
          {!provider.has_signing_secret && takesSecret(type) && (
            <Text size="sm" c="orange.8">
              Requests are captured but not forwarded until the {type?.secret_label.toLowerCase() ?? "secret"} is set;
              setting it re-verifies what was captured.
            </Text>
          )}
          {provider.previous_secret_expires_at && (
            <Text size="xs" c="dimmed">
              The previous secret still verifies until {formatDateTime(provider.previous_secret_expires_at)}.
            </Text>
          )}
        </Stack>
        {canManage && (
          <Group gap="xs">
            {provider.is_active ? (
              <Button
                size="xs"
                variant="default"
                loading={update.isPending}
                onClick={() => update.mutate({ id: provider.id, is_active: false }, { onError: notifyError })}
              >
                Pause
              </Button>
            ) : (
              <Button
                size="xs"
                variant="default"
                loading={resume.isPending}
                onClick={() =>
                  resume.mutate(provider.id, { onSuccess: (job) => onJob(job, provider), onError: notifyError })
                }
              >
                Resume
              </Button>
            )}
            {takesSecret(type) && (
              <Button size="xs" variant="default" onClick={() => onRotate(provider)}>
                {provider.has_signing_secret ? "Rotate secret" : "Set secret"}
              </Button>
            )}
            <ConfirmButton
              size="xs"
              variant="subtle"
              color="red"
              title={`Delete ${provider.display_name}?`}
              message="Its ingest URL stops working at once and its logs are deleted with it, in the background. This cannot be undone."
              confirmLabel="Delete provider"
              loading={remove.isPending}
              onConfirm={() =>
                remove.mutate(provider.id, { onSuccess: (job) => onJob(job, provider), onError: notifyError })
              }
            >
              Delete
            </ConfirmButton>
          </Group>
        )}
      </Group>
    </Box>
  );
}
