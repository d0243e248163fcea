import { Anchor, Button, Container, Group, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";

import { env } from "@/config/env";
import { paths, serverPaths } from "@/config/paths";

export function LandingRoute() {
  return (
    <Container size="sm" py="xl">
      <Stack gap="md">
        <Title order={1}>{env.appName}</Title>
        <Text size="lg">
          Receive webhooks from any provider, verify their signatures, and deliver them to your
          services with retries. Every request is stored so you can search and replay it.
        </Text>
        <Group gap="sm">
          <Button component={Link} to={paths.signup.getHref()}>
            Create an account
          </Button>
          <Button component={Link} to={paths.dashboard.getHref()} variant="default">
            Open the dashboard
          </Button>
        </Group>
        <Text>
          {/* Served by Django, not the SPA: a full page load, not a router link. */}
          <Anchor href={serverPaths.apiDocs}>Read the API documentation</Anchor>
        </Text>
      </Stack>
    </Container>
  );
}
