import { Anchor, Container, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";

import { paths } from "@/config/paths";

export function NotFoundRoute() {
  return (
    <Container size="sm" py="xl">
      <Stack gap="md">
        <Title order={1}>Page not found</Title>
        <Text>There is nothing at this address.</Text>
        <Anchor component={Link} to={paths.landing.getHref()}>
          Back to the start page
        </Anchor>
      </Stack>
    </Container>
  );
}
