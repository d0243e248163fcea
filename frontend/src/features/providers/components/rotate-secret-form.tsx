import { Button, PasswordInput, Stack, Text } from "@mantine/core";
import { isNotEmpty, useForm } from "@mantine/form";
import { useState } from "react";

import { FormErrorBanner } from "@/components/form-error-banner";
import { applyServerErrors, type FormBanner } from "@/lib/form-errors";

import { useRotateProviderSecret } from "../api/rotate-provider-secret";

type RotateSecretFormProps = {
  providerId: string;
  secretLabel: string;
  onDone: () => void;
};

/** Sets a new signing secret; senders still using the old one keep verifying for a while. */
export function RotateSecretForm({ providerId, secretLabel, onDone }: RotateSecretFormProps) {
  const rotate = useRotateProviderSecret();
  const [banner, setBanner] = useState<FormBanner | null>(null);
  const form = useForm({
    initialValues: { signing_secret: "" },
    validate: { signing_secret: isNotEmpty("Paste the new secret.") },
  });

  const submit = form.onSubmit(({ signing_secret }) => {
    setBanner(null);
    rotate.mutate(
      { id: providerId, signing_secret: signing_secret.trim() },
      { onSuccess: onDone, onError: (error) => setBanner(applyServerErrors(form, error, ["signing_secret"])) },
    );
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Rotate signing secret">
      <Stack>
        <FormErrorBanner banner={banner} />
        <Text size="sm">
          Roll the secret in the sender's console first, then paste the new one here. The previous secret keeps
          verifying for a grace period, so nothing is rejected while the sender switches over.
        </Text>
        <PasswordInput label={`New ${secretLabel.toLowerCase()}`} autoComplete="off" required {...form.getInputProps("signing_secret")} />
        <Button type="submit" loading={rotate.isPending}>
          Rotate secret
        </Button>
      </Stack>
    </form>
  );
}
