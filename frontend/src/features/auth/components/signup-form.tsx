import { Button, Stack, TextInput } from "@mantine/core";
import { isEmail, isNotEmpty, useForm } from "@mantine/form";
import { useState } from "react";

import { FormErrorBanner } from "@/components/form-error-banner";
import { applyServerErrors, type FormBanner } from "@/lib/form-errors";

import { useSignup, type SignupInput } from "../api/signup";
import { CheckInbox } from "./check-inbox";

const FIELDS = ["email", "organization_name"] as const;

/** Creates an organization with you as its admin; the login link arrives by email. */
export function SignupForm() {
  const signup = useSignup();
  const [banner, setBanner] = useState<FormBanner | null>(null);
  const form = useForm<SignupInput>({
    initialValues: { email: "", organization_name: "" },
    validate: {
      email: isEmail("Enter a valid email address."),
      organization_name: isNotEmpty("Name your organization."),
    },
  });

  if (signup.isSuccess) {
    return <CheckInbox message={signup.data.detail} email={form.values.email} onRestart={() => signup.reset()} />;
  }

  const submit = form.onSubmit((values) => {
    setBanner(null);
    signup.mutate(values, { onError: (error) => setBanner(applyServerErrors(form, error, FIELDS)) });
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Sign up">
      <Stack>
        <FormErrorBanner banner={banner} />
        <TextInput
          label="Work email"
          type="email"
          autoComplete="email"
          required
          {...form.getInputProps("email")}
        />
        <TextInput
          label="Organization name"
          autoComplete="organization"
          required
          {...form.getInputProps("organization_name")}
        />
        <Button type="submit" loading={signup.isPending}>
          Create account
        </Button>
      </Stack>
    </form>
  );
}
