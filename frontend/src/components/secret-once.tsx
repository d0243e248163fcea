import { Alert, Code, Group, Stack, Text } from "@mantine/core";

import { CopyButton } from "./copy-button";

type SecretOnceProps = {
  /** What the secret is: "API key", "Signing secret". */
  label: string;
  secret: string;
};

/** A secret the server shows exactly once: display it with a copy button and say so. */
export function SecretOnce({ label, secret }: SecretOnceProps) {
  return (
    <Alert color="yellow" title={`Your new ${label.toLowerCase()}`} role="status">
      <Stack gap="xs">
        <Text size="sm">Copy it now: it will not be shown again.</Text>
        <Group gap="xs" wrap="nowrap">
          <Code block style={{ flex: 1, wordBreak: "break-all" }} aria-label={label}>
            {secret}
          </Code>
          <CopyButton value={secret} label={`Copy ${label.toLowerCase()}`} />
        </Group>
      </Stack>
    </Alert>
  );
}
