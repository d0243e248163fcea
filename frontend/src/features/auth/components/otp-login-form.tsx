import { Anchor, Button, Input, PinInput, Stack, Text, TextInput } from "@mantine/core";
import { isEmail, useForm } from "@mantine/form";
import { useState } from "react";

import { ApiError } from "@/api/client";
import { FormErrorBanner } from "@/components/form-error-banner";
import type { Me } from "@/lib/auth";
import { applyServerErrors, type FormBanner } from "@/lib/form-errors";

import { useRequestOtp } from "../api/request-otp";
import { useVerifyOtp } from "../api/verify-otp";

type OtpLoginFormProps = {
  onLoggedIn: (me: Me) => void;
};

/** Two steps: an email gets a 6-digit code, then the code logs in. */
export function OtpLoginForm({ onLoggedIn }: OtpLoginFormProps) {
  const requestOtp = useRequestOtp();
  const verifyOtp = useVerifyOtp();
  const [banner, setBanner] = useState<FormBanner | null>(null);
  const form = useForm({
    initialValues: { email: "", code: "" },
    validate: { email: isEmail("Enter a valid email address.") },
  });

  const askForCode = form.onSubmit(({ email }) => {
    setBanner(null);
    requestOtp.mutate({ email }, { onError: (error) => setBanner(applyServerErrors(form, error, ["email"])) });
  });

  const logIn = form.onSubmit(({ email, code }) => {
    setBanner(null);
    if (!/^\d{6}$/.test(code)) {
      form.setFieldError("code", "Enter the 6 digits from the email.");
      return;
    }
    verifyOtp.mutate(
      { email, code },
      {
        onSuccess: onLoggedIn,
        onError: (error) => {
          if (error instanceof ApiError && error.code === "login_failed") {
            form.setFieldError("code", "That code is wrong, expired or already used.");
          } else {
            setBanner(applyServerErrors(form, error, ["email", "code"]));
          }
        },
      },
    );
  });

  const alert = <FormErrorBanner banner={banner} />;

  if (!requestOtp.isSuccess) {
    return (
      <form onSubmit={askForCode} noValidate aria-label="Get a login code">
        <Stack>
          {alert}
          <TextInput label="Email" type="email" autoComplete="email" required {...form.getInputProps("email")} />
          <Button type="submit" loading={requestOtp.isPending}>
            Email me a code
          </Button>
        </Stack>
      </form>
    );
  }

  const codeProps = form.getInputProps("code");
  return (
    <form onSubmit={logIn} noValidate aria-label="Log in with a code">
      <Stack>
        {alert}
        <Text size="sm">{requestOtp.data.detail}</Text>
        <Input.Wrapper label="Login code" error={codeProps.error} required>
          <PinInput
            length={6}
            type="number"
            oneTimeCode
            autoFocus
            getInputProps={(index) => ({ "aria-label": `Login code, digit ${index + 1}` })}
            value={form.values.code}
            onChange={(value) => form.setFieldValue("code", value)}
            error={Boolean(codeProps.error)}
          />
        </Input.Wrapper>
        <Button type="submit" loading={verifyOtp.isPending}>
          Log in
        </Button>
        <Anchor
          component="button"
          type="button"
          size="sm"
          onClick={() => {
            form.setFieldValue("code", "");
            requestOtp.reset();
          }}
        >
          Use a different address or send a new code
        </Anchor>
      </Stack>
    </form>
  );
}
