import { useMutation } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

import type { LoginEmailInput } from "./request-magic-link";

export async function requestOtp(body: LoginEmailInput) {
  return dataOf(await client.POST("/api/v1/auth/otp/", { body }));
}

/** Asks for a 6-digit login code by email. */
export function useRequestOtp() {
  return useMutation({ mutationFn: requestOtp });
}
