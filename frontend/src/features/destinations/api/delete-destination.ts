import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client } from "@/api/client";

export async function deleteDestination(id: string) {
  await client.DELETE("/api/v1/destinations/{id}/", { params: { path: { id } } });
}

export function useDeleteDestination() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteDestination,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["destinations"] }),
  });
}
