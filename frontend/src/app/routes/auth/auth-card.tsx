import { Container, Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

/** The narrow card the sign-up and log-in pages sit in. */
export function AuthCard({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <Container size={440} py="xl" px={0}>
      <Stack gap="xs" mb="md">
        <Title order={1} ta="center">
          {title}
        </Title>
        {subtitle && (
          <Text c="dimmed" ta="center" size="sm">
            {subtitle}
          </Text>
        )}
      </Stack>
      <Paper withBorder shadow="sm" p="lg" radius="md">
        {children}
      </Paper>
    </Container>
  );
}
