import { Code, Group, Text } from "@mantine/core";

import { ApiError } from "@/api/client";

import { CopyButton } from "./copy-button";

/**
 * "Request ID: …" under an error the API answered: quoted in a report, it finds the
 * request's lines in the server's logs. Nothing for errors that never reached the API.
 */
export function RequestIdNote({ error }: { error: unknown }) {
  if (!(error instanceof ApiError) || !error.requestId) return null;
  return (
    <Group gap={4} wrap="nowrap">
      <Text size="xs" c="dimmed">
        Request ID <Code>{error.requestId}</Code>
      </Text>
      <CopyButton value={error.requestId} label="Copy request ID" />
    </Group>
  );
}
