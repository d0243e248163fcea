import { Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

type EmptyStateProps = {
  title: string;
  description?: ReactNode;
  /** Usually the button that creates the first item. */
  action?: ReactNode;
};

/** Shown when a list loaded fine but has nothing in it. */
export function EmptyState({ title, description, action }: EmptyStateProps) {
  return (
    <Stack align="center" gap="xs" py="xl">
      <Title order={3}>{title}</Title>
      {description && <Text c="dimmed">{description}</Text>}
      {action}
    </Stack>
  );
}
