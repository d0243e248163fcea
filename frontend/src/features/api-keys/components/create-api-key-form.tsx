import { Button, SegmentedControl, Stack, Text, TextInput } from "@mantine/core";
import { isNotEmpty, useForm } from "@mantine/form";
import { useState } from "react";

import { FormErrorBanner } from "@/components/form-error-banner";
import { SecretOnce } from "@/components/secret-once";
import { applyServerErrors, type FormBanner } from "@/lib/form-errors";

import { useCreateApiKey } from "../api/create-api-key";

type Values = { name: string; scope: "read" | "write"; expires_at: string };

/** Creates a key and shows its secret once, with a copy button. */
export function CreateApiKeyForm({ onClose }: { onClose: () => void }) {
  const create = useCreateApiKey();
  const [banner, setBanner] = useState<FormBanner | null>(null);
  const form = useForm<Values>({
    initialValues: { name: "", scope: "read", expires_at: "" },
    validate: { name: isNotEmpty("Name the key after what uses it.") },
  });

  if (create.isSuccess) {
    return (
      <Stack>
        <SecretOnce label="API key" secret={create.data.key} />
        <Text size="sm">
          Send it as <code>Authorization: Bearer {create.data.prefix}…</code>.
        </Text>
        <Button onClick={onClose}>Done</Button>
      </Stack>
    );
  }

  const submit = form.onSubmit((values) => {
    setBanner(null);
    create.mutate(
      {
        name: values.name.trim(),
        scope: values.scope,
        expires_at: values.expires_at ? new Date(values.expires_at).toISOString() : null,
      },
      { onError: (error) => setBanner(applyServerErrors(form, error, ["name", "scope", "expires_at"])) },
    );
  });

  return (
    <form onSubmit={submit} noValidate aria-label="New API key">
      <Stack>
        <FormErrorBanner banner={banner} />
        <TextInput label="Name" description="e.g. “billing sync job”" required {...form.getInputProps("name")} />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="scope-label">
            Scope
          </Text>
          <SegmentedControl
            aria-labelledby="scope-label"
            data={[
              { value: "read", label: "Read only" },
              { value: "write", label: "Read and write" },
            ]}
            value={form.values.scope}
            onChange={(value) => form.setFieldValue("scope", value === "write" ? "write" : "read")}
          />
        </Stack>
        <TextInput
          type="datetime-local"
          label="Expires"
          description="Optional; leave empty for a key that lasts until revoked."
          {...form.getInputProps("expires_at")}
        />
        <Button type="submit" loading={create.isPending}>
          Create key
        </Button>
      </Stack>
    </form>
  );
}
