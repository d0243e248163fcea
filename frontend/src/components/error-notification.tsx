import { Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";

import { RequestIdNote } from "./request-id-note";

/** The red notification of a failed action: what went wrong, and the request id to report. */
export function showErrorNotification(title: string, error: Error) {
  notifications.show({
    color: "red",
    title,
    message: (
      <Stack gap={4}>
        <Text size="sm">{error.message}</Text>
        <RequestIdNote error={error} />
      </Stack>
    ),
  });
}
