import { Alert, Stack, Text } from "@mantine/core";
import { useEffect, useRef } from "react";

import { ApiError } from "@/api/client";
import { ErrorState } from "@/components/error-state";
import { LoadingState } from "@/components/loading-state";
import type { Me } from "@/lib/auth";

import { useVerifyMagicLink } from "../api/verify-magic-link";
import { MagicLinkRequestForm } from "./magic-link-request-form";

type MagicLinkVerifierProps = {
  token: string | null;
  onLoggedIn: (me: Me) => void;
};

/**
 * Spends the token from the email as soon as the page opens. A token works once, so the
 * request is sent once per token even when React runs effects twice (StrictMode).
 * A bad, used or expired link says so and offers a new one right there.
 */
export function MagicLinkVerifier({ token, onLoggedIn }: MagicLinkVerifierProps) {
  const verify = useVerifyMagicLink();
  const sentFor = useRef<string | null>(null);

  useEffect(() => {
    if (!token || sentFor.current === token) return;
    sentFor.current = token;
    verify.mutate(token, { onSuccess: onLoggedIn });
  }, [token, verify, onLoggedIn]);

  if (token && (verify.isIdle || verify.isPending || verify.isSuccess)) {
    return <LoadingState label="Logging you in" />;
  }

  const expired = !token || (verify.error instanceof ApiError && verify.error.code === "login_failed");
  if (!expired) return <ErrorState title="We could not log you in" error={verify.error} />;

  return (
    <Stack>
      <Alert color="orange" title="This login link no longer works" role="alert">
        <Text size="sm">
          {token
            ? "It has expired or was already used: each link works once, for a few minutes."
            : "The link is incomplete. Copy the whole address from the email, or ask for a new one."}
        </Text>
      </Alert>
      <Text size="sm">Enter your email and we will send a fresh link.</Text>
      <MagicLinkRequestForm submitLabel="Email me a new link" />
    </Stack>
  );
}
