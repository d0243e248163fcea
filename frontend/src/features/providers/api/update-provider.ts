import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import type { components } from "@/api/schema";

export type ProviderUpdateInput = components["schemas"]["PatchedProviderUpdateInputRequest"];

export async function updateProvider({ id, ...body }: ProviderUpdateInput & { id: string }) {
  return dataOf(await client.PATCH("/api/v1/providers/{id}/", { params: { path: { id } }, body }));
}

/** Renames or pauses a provider (`is_active: false`: webhooks are held); resuming is useResumeProvider. */
export function useUpdateProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateProvider,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["providers"] }),
  });
}
