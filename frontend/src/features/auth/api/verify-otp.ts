import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import type { components } from "@/api/schema";
import { getMeQueryOptions } from "@/lib/auth";

export type OtpVerifyInput = components["schemas"]["OtpVerifyInputRequest"];

export async function verifyOtp(body: OtpVerifyInput) {
  return dataOf(await client.POST("/api/v1/auth/otp/verify/", { body }));
}

/** Logs in with an emailed code; the session starts and `me` is known. */
export function useVerifyOtp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: verifyOtp,
    onSuccess: (me) => queryClient.setQueryData(getMeQueryOptions().queryKey, me),
  });
}
