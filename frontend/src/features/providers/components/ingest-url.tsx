import { Code, Group, Text } from "@mantine/core";

import { CopyButton } from "@/components/copy-button";

type IngestUrlProps = {
  url: string;
  /** In a list row: no caption above, the URL on one line (cut with an ellipsis if need be). */
  compact?: boolean;
};

/** The address a sender posts to, with a copy button. */
export function IngestUrl({ url, compact = false }: IngestUrlProps) {
  return (
    <div>
      {!compact && (
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          Ingest URL
        </Text>
      )}
      <Group gap={4} wrap="nowrap">
        <Code
          data-testid="ingest-url"
          title={compact ? url : undefined}
          style={compact ? { whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis", minWidth: 0 } : { wordBreak: "break-all" }}
        >
          {url}
        </Code>
        <CopyButton value={url} label="Copy ingest URL" />
      </Group>
    </div>
  );
}
