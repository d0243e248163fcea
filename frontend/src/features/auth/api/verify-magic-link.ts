import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import { getMeQueryOptions } from "@/lib/auth";

export async function verifyMagicLink(token: string) {
  return dataOf(await client.POST("/api/v1/auth/magic-link/verify/", { body: { token } }));
}

/** Spends a link's token; the session starts and `me` is known without another request. */
export function useVerifyMagicLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: verifyMagicLink,
    onSuccess: (me) => queryClient.setQueryData(getMeQueryOptions().queryKey, me),
  });
}
