import { Alert, Button, Stack, Text } from "@mantine/core";
import { IconMailCheck } from "@tabler/icons-react";

type CheckInboxProps = {
  /** What the server said, e.g. "Check your inbox: ...". */
  message: string;
  email: string;
  onRestart: () => void;
  restartLabel?: string;
};

/** Shown once an email is on its way; the same for every address, as the API is. */
export function CheckInbox({ message, email, onRestart, restartLabel = "Use a different address" }: CheckInboxProps) {
  return (
    <Alert color="teal" icon={<IconMailCheck />} title="Check your inbox" role="status">
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{message}</Text>
        <Text size="sm" c="dimmed">
          Sent to {email}. The link works once and expires after a few minutes.
        </Text>
        <Button variant="light" size="xs" onClick={onRestart}>
          {restartLabel}
        </Button>
      </Stack>
    </Alert>
  );
}
