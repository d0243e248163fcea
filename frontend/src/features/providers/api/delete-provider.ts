import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

/** Takes the provider out of service at once; a background job deletes its logs (returned, to poll). */
export async function deleteProvider(id: string) {
  return dataOf(await client.DELETE("/api/v1/providers/{id}/", { params: { path: { id } } }));
}

export function useDeleteProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteProvider,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["providers"] }),
  });
}
