import { Alert, Button, Group, PasswordInput, Stack, Text } from "@mantine/core";
import { useState, type FormEvent } from "react";

import { ErrorState } from "@/components/error-state";
import { reasonSentence } from "@/lib/verification";

import { useReverifyLog } from "../api/reverify-log";

/** For an admin: check a refused (or secret-less) request again, with the current secret or one pasted here. */
export function ReverifyPanel({ logId }: { logId: string }) {
  const reverify = useReverifyLog();
  const [secret, setSecret] = useState("");
  const result = reverify.data;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    reverify.mutate({ logId, secret: secret.trim() || undefined });
  };

  return (
    <form onSubmit={submit} aria-label="Re-verify">
      <Stack gap="xs">
        <Text size="sm">
          Check the signature again: with the provider's current secret, or with one you paste (it is not saved). A
          request that verifies now is processed and delivered like any other.
        </Text>
        <Group align="flex-end" gap="xs">
          <PasswordInput
            label="Secret to try (optional)"
            autoComplete="off"
            value={secret}
            onChange={(event) => setSecret(event.currentTarget.value)}
            style={{ flex: "1 1 240px" }}
          />
          <Button type="submit" variant="default" loading={reverify.isPending}>
            Re-verify
          </Button>
        </Group>
        {reverify.isError && <ErrorState title="Re-verify failed" error={reverify.error} />}
        {result &&
          (result.verified ? (
            <Alert color="teal" title="Verified now">
              The request passed and is being processed.
            </Alert>
          ) : (
            <Alert color="red" title="Still refused">
              <Stack gap={4}>
                {result.reason && <Text size="sm">{reasonSentence(result.reason)}</Text>}
                {result.detail && <Text size="sm">{result.detail}</Text>}
              </Stack>
            </Alert>
          ))}
      </Stack>
    </form>
  );
}
