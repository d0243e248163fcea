import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import type { components } from "@/api/schema";

export type ProviderCreateInput = components["schemas"]["ProviderCreateInputRequest"];

export async function createProvider(body: ProviderCreateInput) {
  return dataOf(await client.POST("/api/v1/providers/", { body }));
}

export function useCreateProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createProvider,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["providers"] }),
  });
}
