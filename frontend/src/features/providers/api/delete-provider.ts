import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client } from "@/api/client";

export async function deleteProvider(id: string) {
  await client.DELETE("/api/v1/providers/{id}/", { params: { path: { id } } });
}

export function useDeleteProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteProvider,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["providers"] }),
  });
}
