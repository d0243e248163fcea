import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import type { components } from "@/api/schema";

export type ApiKeyCreateInput = components["schemas"]["ApiKeyCreateInputRequest"];

export async function createApiKey(body: ApiKeyCreateInput) {
  return dataOf(await client.POST("/api/v1/api-keys/", { body }));
}

/** Creates a key; the answer carries the secret, which the server never shows again. */
export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createApiKey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["api-keys"] }),
  });
}
