import { ActionIcon, CopyButton as MantineCopyButton, Tooltip } from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";

type CopyButtonProps = {
  value: string;
  /** What is copied, for screen readers: "Copy ingest URL". */
  label: string;
};

/** A small button that copies `value` to the clipboard and says so. */
export function CopyButton({ value, label }: CopyButtonProps) {
  return (
    <MantineCopyButton value={value} timeout={2000}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? "Copied" : label} withArrow position="right">
          <ActionIcon color={copied ? "teal" : "gray"} variant="subtle" onClick={copy} aria-label={label}>
            {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
          </ActionIcon>
        </Tooltip>
      )}
    </MantineCopyButton>
  );
}
