import { Button, Stack, TextInput } from "@mantine/core";
import { isEmail, useForm } from "@mantine/form";
import { useState } from "react";

import { FormErrorBanner } from "@/components/form-error-banner";
import { applyServerErrors, type FormBanner } from "@/lib/form-errors";

import { useRequestMagicLink, type LoginEmailInput } from "../api/request-magic-link";
import { CheckInbox } from "./check-inbox";

type MagicLinkRequestFormProps = {
  submitLabel?: string;
};

/** Asks for a login link by email. */
export function MagicLinkRequestForm({ submitLabel = "Email me a login link" }: MagicLinkRequestFormProps) {
  const request = useRequestMagicLink();
  const [banner, setBanner] = useState<FormBanner | null>(null);
  const form = useForm<LoginEmailInput>({
    initialValues: { email: "" },
    validate: { email: isEmail("Enter a valid email address.") },
  });

  if (request.isSuccess) {
    return (
      <CheckInbox
        message={request.data.detail}
        email={form.values.email}
        onRestart={() => request.reset()}
        restartLabel="Send another link"
      />
    );
  }

  const submit = form.onSubmit((values) => {
    setBanner(null);
    request.mutate(values, { onError: (error) => setBanner(applyServerErrors(form, error, ["email"])) });
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Log in with a link">
      <Stack>
        <FormErrorBanner banner={banner} />
        <TextInput label="Email" type="email" autoComplete="email" required {...form.getInputProps("email")} />
        <Button type="submit" loading={request.isPending}>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}
