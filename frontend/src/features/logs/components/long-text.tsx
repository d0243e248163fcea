import { Button, Code, Group, Stack, Text } from "@mantine/core";
import { useMemo, useState } from "react";

import { formatBytes } from "@/lib/format";

import { previewText } from "../utils/preview-text";

// About a screenful of scrolling per few hundred lines; enough to read an event, small
// enough that a 1 MiB body does not make the browser lay out megabytes of text.
export const PREVIEW_CHARS = 64 * 1024;

type LongTextProps = {
  text: string;
  /** The accessible name of the text block, e.g. "Payload (pretty)". */
  label: string;
  /** How to break lines that are wider than the box. */
  wordBreak: "break-word" | "break-all";
};

/**
 * A body as text in a box of bounded height, so what follows it on the page stays in reach.
 * Past PREVIEW_CHARS only the first part is shown, with how much is hidden and "Show all".
 */
export function LongText({ text, label, wordBreak }: LongTextProps) {
  const preview = useMemo(() => previewText(text, PREVIEW_CHARS), [text]);
  const [showAll, setShowAll] = useState(false);
  const whole = showAll || !preview.truncated;

  return (
    <Stack gap="xs">
      {preview.truncated && (
        <Group gap="sm" justify="space-between" wrap="wrap">
          <Text size="sm" c="dimmed" role="status">
            {whole
              ? `Showing all ${formatBytes(preview.totalBytes)}.`
              : `Showing the first ${formatBytes(preview.shownBytes)} of ${formatBytes(preview.totalBytes)}; ` +
                `${formatBytes(preview.totalBytes - preview.shownBytes)} hidden.`}
          </Text>
          <Button size="xs" variant="default" onClick={() => setShowAll(!whole)}>
            {whole ? "Show less" : "Show all"}
          </Button>
        </Group>
      )}
      <Code
        block
        aria-label={label}
        // Scrollable, so it must take focus for keyboard users to scroll it.
        tabIndex={0}
        style={{ whiteSpace: "pre-wrap", wordBreak, maxHeight: "70vh", overflow: "auto" }}
      >
        {whole ? text : preview.text}
      </Code>
    </Stack>
  );
}
