import { Anchor, Container, Stack, Text, Title } from "@mantine/core";

import { env } from "@/config/env";
import { serverPaths } from "@/config/paths";

export function LandingRoute() {
  return (
    <Container size="sm" py="xl">
      <Stack gap="md">
        <Title order={1}>{env.appName}</Title>
        <Text size="lg">
          Receive webhooks from any provider, verify their signatures, and deliver them to your
          services with retries. Every request is stored so you can search and replay it.
        </Text>
        <Text>
          {/* Served by Django, not the SPA: a full page load, not a router link. */}
          <Anchor href={serverPaths.apiDocs}>Read the API documentation</Anchor>
        </Text>
      </Stack>
    </Container>
  );
}
