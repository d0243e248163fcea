import { Alert, Stack, Text } from "@mantine/core";

import type { FormBanner } from "@/lib/form-errors";

import { RequestIdNote } from "./request-id-note";

/** A form's red banner: what the server refused that no input shows, and the request id to
 * quote in a report. Renders nothing while there is no banner. */
export function FormErrorBanner({ banner }: { banner: FormBanner | null }) {
  if (!banner) return null;
  return (
    <Alert color="red" role="alert">
      <Stack gap={4}>
        <Text size="sm">{banner.message}</Text>
        <RequestIdNote error={banner.error} />
      </Stack>
    </Alert>
  );
}
