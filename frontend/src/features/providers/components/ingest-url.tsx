import { Code, Group, Text } from "@mantine/core";

import { CopyButton } from "@/components/copy-button";

/** The address a sender posts to, with a copy button. */
export function IngestUrl({ url }: { url: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        Ingest URL
      </Text>
      <Group gap={4} wrap="nowrap">
        <Code style={{ wordBreak: "break-all" }} data-testid="ingest-url">
          {url}
        </Code>
        <CopyButton value={url} label="Copy ingest URL" />
      </Group>
    </div>
  );
}
